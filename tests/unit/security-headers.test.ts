import { afterEach, describe, expect, it } from 'vitest'
import { config, setConfig } from '@/lib/config'
import { securityHeaders } from '@/lib/http/security-headers'

const base = config()
afterEach(() => setConfig(base))

describe('securityHeaders', () => {
  it('asks for HTTPS only when the app is served over https', () => {
    expect(securityHeaders({ nonce: 'abc' })['Strict-Transport-Security']).toBeUndefined()
    setConfig({ ...base, appUrl: 'https://touchmap.example.com', realtimeUrl: 'https://rt.touchmap.example.com' })
    const h = securityHeaders({ nonce: 'abc' })
    expect(h['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains')
    // Browsers reach the realtime endpoint, on its own origin, over wss.
    expect(h['Content-Security-Policy']).toMatch(/connect-src 'self' https:\/\/rt\.touchmap\.example\.com wss:\/\/rt\.touchmap\.example\.com wss:\/\/touchmap\.example\.com/)
  })

  it('lets scripts run only with the nonce (eval only in development), and a script-less response run nothing', () => {
    const csp = securityHeaders({ nonce: 'n0nce' })['Content-Security-Policy']
    expect(csp).toMatch(/script-src 'self' 'nonce-n0nce' 'strict-dynamic';/)
    expect(csp).not.toMatch(/unsafe-inline'[^;]*;.*script|script-src[^;]*unsafe-(inline|eval)/)
    expect(securityHeaders({ nonce: 'n0nce', dev: true })['Content-Security-Policy']).toMatch(/script-src [^;]*'unsafe-eval'/)
    expect(securityHeaders({ nonce: null })['Content-Security-Policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
  })
})
