import { config } from '@/lib/config'

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/

/**
 * Where to send someone after sign-in: `value` resolved against APP_URL with
 * the URL parser, kept only when it stays on the app's own origin and carries
 * no control character or backslash (which browsers strip or rewrite, so
 * `/<tab>/evil.example` becomes `//evil.example`). The answer is always a
 * normalised path (`/w/acme/maps?x=1`), never a URL; anything else is `fallback`.
 */
export function safeCallbackPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value === '' || value.length > 2048 || FORBIDDEN.test(value)) return fallback
  const base = new URL(config().appUrl)
  let target: URL
  try {
    target = new URL(value, base)
  } catch {
    return fallback
  }
  if (target.origin !== base.origin || target.username || target.password) return fallback
  const path = `${target.pathname}${target.search}${target.hash}`
  if (!path.startsWith('/') || path.startsWith('//') || FORBIDDEN.test(path)) return fallback
  return path
}
