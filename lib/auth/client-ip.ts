/** The client's address: server.ts overwrites X-Forwarded-For with the socket's address unless TRUST_PROXY is set. */
export function clientIp(headers: Headers): string | null {
  const xff = headers.get('x-forwarded-for')
  if (!xff) return null
  const first = xff.split(',')[0]!.trim()
  return first.replace(/^::ffff:/, '') || null
}
