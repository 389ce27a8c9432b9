import { config } from '@/lib/config'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Why the server must not call `value` on a user's behalf, in words, or null:
 * only absolute https URLs without credentials (http only for loopback hosts,
 * and only where the instance allows it, SSO_ALLOW_HTTP_LOOPBACK, for tests
 * and local identity providers). Where the URL leads is checked again at
 * connect time (lib/net/guarded-fetch.ts).
 */
export function outboundUrlProblem(value: string, opts: { query?: boolean; allowHttpLoopback?: boolean } = {}): string | null {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return 'must be an absolute URL'
  }
  if (u.username || u.password) return 'must not contain a user name or password'
  if (u.hash || value.includes('#')) return 'must not contain a fragment (#)'
  if (!opts.query && (u.search || value.includes('?'))) return 'must not contain a query string (?)'
  if (u.protocol === 'https:') return null
  if (u.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(u.hostname)) return 'must use https://'
    return (opts.allowHttpLoopback ?? config().ssoAllowHttpLoopback) ? null : 'must use https:// (http:// on loopback is switched off on this instance)'
  }
  return 'must use https://'
}
