import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '@/lib/config'

const tmp = () => mkdtempSync(path.join(tmpdir(), 'touchmap-config-'))

describe('configuration', () => {
  it('runs embedded with no configuration, generating and keeping a secret', () => {
    const dir = tmp()
    const a = parseConfig({ DATA_DIR: dir })
    expect(a.embedded).toBe(true)
    expect(a.port).toBe(3000)
    expect(a.appUrl).toBe('http://localhost:3000')
    expect(a.authSecret.length).toBeGreaterThanOrEqual(32)
    expect(readFileSync(path.join(dir, 'auth-secret'), 'utf8').trim()).toBe(a.authSecret)
    expect(parseConfig({ DATA_DIR: dir }).authSecret).toBe(a.authSecret)
  })

  it('honours PORT in the default APP_URL', () => {
    expect(parseConfig({ DATA_DIR: tmp(), PORT: '4321' }).appUrl).toBe('http://localhost:4321')
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ APP_URL: 'ftp://example.com' }, 'APP_URL'],
    [{ AUTH_SECRET: 'short' }, 'AUTH_SECRET'],
    [{ DATABASE_URL: 'postgres://localhost/db' }, 'AUTH_SECRET'],
    [{ DNS_SERVERS: 'dns.example.com' }, 'DNS_SERVERS'],
    [{ DNS_SERVERS: '127.0.0.1:99999' }, 'DNS_SERVERS'],
    [{ OUTBOUND_ALLOWED_ADDRESSES: '127.0.0.1,localhost' }, 'OUTBOUND_ALLOWED_ADDRESSES'],
    [{ OUTBOUND_ALLOWED_ADDRESSES: '10.0.0.0/33' }, 'OUTBOUND_ALLOWED_ADDRESSES'],
    [{ SSO_DOMAIN_ATTESTATION: 'yes' }, 'SSO_DOMAIN_ATTESTATION'],
    [{ SSO_ALLOW_HTTP_LOOPBACK: 'on' }, 'SSO_ALLOW_HTTP_LOOPBACK'],
  ])('stops with one line naming the bad variable: %o', (env, name) => {
    let error: unknown
    try {
      parseConfig({ DATA_DIR: tmp(), ...env })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain(name)
    expect(message).not.toContain('\n')
  })

  it('needs AUTH_SECRET with PostgreSQL and accepts it when given', () => {
    const c = parseConfig({ DATABASE_URL: 'postgres://u@localhost:5432/db', AUTH_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://localhost:6379' })
    expect(c.embedded).toBe(false)
    expect(c.redisUrl).toBe('redis://localhost:6379')
  })

  it('reads the outbound and SSO instance settings, off by default', () => {
    const d = parseConfig({ DATA_DIR: tmp() })
    expect(d).toMatchObject({ dnsServers: [], outboundAllowedAddresses: [], ssoAllowHttpLoopback: false, ssoDomainAttestation: false })
    const c = parseConfig({
      DATA_DIR: tmp(),
      DNS_SERVERS: '127.0.0.1:5353, [::1]:53,10.0.0.2',
      OUTBOUND_ALLOWED_ADDRESSES: '127.0.0.1, ::1, 10.0.0.0/8',
      SSO_ALLOW_HTTP_LOOPBACK: 'true',
      SSO_DOMAIN_ATTESTATION: '1',
    })
    expect(c).toMatchObject({
      dnsServers: ['127.0.0.1:5353', '[::1]:53', '10.0.0.2'],
      outboundAllowedAddresses: ['127.0.0.1', '::1', '10.0.0.0/8'],
      ssoAllowHttpLoopback: true,
      ssoDomainAttestation: true,
    })
  })
})
