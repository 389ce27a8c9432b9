import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { config } from '@/lib/config'

const wsOrigin = (url: string) => {
  const u = new URL(url)
  return `${u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss' : 'ws'}://${u.host}`
}
const httpOrigin = (url: string) => {
  const u = new URL(url)
  return `${u.protocol === 'https:' || u.protocol === 'wss:' ? 'https' : 'http'}://${u.host}`
}

/**
 * The security headers of every response, in one place (set by server.ts
 * before Next.js or the realtime process answers):
 * - a Content-Security-Policy whose scripts need this response's nonce (no
 *   'unsafe-inline' for scripts; Next.js puts the nonce on its own scripts
 *   when the request carries the policy), and frame-ancestors 'none';
 * - X-Frame-Options, X-Content-Type-Options: nosniff, Referrer-Policy,
 *   Cross-Origin-Opener-Policy, Permissions-Policy;
 * - Strict-Transport-Security when APP_URL is https.
 * `nonce` null: a policy for responses that run no script at all.
 */
export function securityHeaders(opts: { nonce: string | null; dev?: boolean }): Record<string, string> {
  const c = config()
  const realtime = [httpOrigin(c.realtimeUrl), wsOrigin(c.realtimeUrl), wsOrigin(c.appUrl)]
  const csp = opts.nonce
    ? [
        "default-src 'self'",
        `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        `connect-src 'self' ${[...new Set(realtime)].join(' ')}`,
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
      ].join('; ')
    : "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(c.appUrl.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}

/**
 * Sets the headers on a Node response, and hands the policy to Next.js on
 * the request so it renders this nonce into its script tags.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, opts: { scripts: boolean; dev?: boolean }): void {
  const headers = securityHeaders({ nonce: opts.scripts ? randomBytes(16).toString('base64') : null, dev: opts.dev })
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  if (opts.scripts) req.headers['content-security-policy'] = headers['Content-Security-Policy']
}
