/**
 * Webhook signatures, the scheme common payment and code-hosting platforms
 * use: header `Touchmap-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" with the endpoint's secret>`. A receiver recomputes the
 * HMAC over the raw body, compares in constant time, and refuses a timestamp
 * more than 5 minutes from its clock (a replayed delivery).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'Touchmap-Signature'
export const REPLAY_WINDOW_SECONDS = 5 * 60

/** A new endpoint secret: `whsec_` and 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

/** The header's value for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' }

/** What a receiver does (and what Touchmap's own tests do): true when `header` signs `body` with `secret` within the replay window. */
export function verifySignature(secret: string, body: string, header: string | null | undefined, now = Date.now()): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' }
  const parts = new Map<string, string[]>()
  for (const piece of header.split(',')) {
    const i = piece.indexOf('=')
    if (i < 1) return { ok: false, reason: 'malformed' }
    const k = piece.slice(0, i).trim()
    parts.set(k, [...(parts.get(k) ?? []), piece.slice(i + 1).trim()])
  }
  const t = Number(parts.get('t')?.[0])
  const sigs = parts.get('v1') ?? []
  if (!Number.isInteger(t) || sigs.length === 0) return { ok: false, reason: 'malformed' }
  if (Math.abs(now / 1000 - t) > REPLAY_WINDOW_SECONDS) return { ok: false, reason: 'stale' }
  const want = Buffer.from(signatureOf(secret, t, body), 'hex')
  const match = sigs.some((s) => {
    const got = Buffer.from(s, 'hex')
    return got.length === want.length && timingSafeEqual(got, want)
  })
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'mismatch' }
}
