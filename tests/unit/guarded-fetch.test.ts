import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { config, setConfig } from '@/lib/config'
import { guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch'

/**
 * The one client for requests the server makes on a user's behalf refuses
 * internal addresses at connect time, follows no redirect, stops at 1 MB and
 * 5 s, and never echoes what it read. A real server on loopback counts what
 * actually reached it.
 */
let server: Server
let port = 0
const hits: string[] = []
const base = config()
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    if (req.url === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end()
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const chunk = Buffer.alloc(64 * 1024, 97)
      for (let i = 0; i < 20; i++) res.write(chunk)
      return void res.end()
    }
    if (req.url === '/hang') return // never answers
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  setConfig(base)
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})
afterEach(() => setConfig(base))

const allowLoopback = () => setConfig({ ...base, ssoAllowHttpLoopback: true, outboundAllowedAddresses: ['127.0.0.1', '::1'] })
const httpLoopbackOnly = () => setConfig({ ...base, ssoAllowHttpLoopback: true, outboundAllowedAddresses: [] })

async function problemOf(url: string): Promise<string> {
  try {
    await guardedFetch(url)
    return 'none'
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundRequestError)
    return (err as OutboundRequestError).problem
  }
}

describe('guardedFetch', () => {
  it('refuses private, loopback, link-local, CGNAT, multicast and IPv6 equivalents at connect time, and nothing reaches them', async () => {
    httpLoopbackOnly()
    const before = hits.length
    const cases = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `https://127.0.0.1:${port}/`,
      `https://localhost:${port}/`,
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/',
      'https://172.16.5.4/',
      'https://192.168.1.1/',
      'https://100.64.0.1/',
      'https://224.0.0.1/',
      'https://0.0.0.0/',
      'https://[::1]/',
      'https://[fe80::1]/',
      'https://[fd00::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://2130706433/',
      'https://0x7f000001/',
    ]
    for (const url of cases) expect({ url, problem: await problemOf(url) }).toEqual({ url, problem: 'blocked_address' })
    expect(hits.length).toBe(before)
  })

  it('refuses URLs it must not call: other schemes, credentials, plain http off loopback or when the instance does not allow it', async () => {
    httpLoopbackOnly()
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'http://169.254.169.254/', 'http://example.com/', `http://user:pw@127.0.0.1:${port}/`]) {
      expect({ url, problem: await problemOf(url) }).toEqual({ url, problem: 'url' })
    }
    setConfig({ ...base, ssoAllowHttpLoopback: false, outboundAllowedAddresses: ['127.0.0.1'] })
    expect(await problemOf(`http://127.0.0.1:${port}/`)).toBe('url')
  })

  it('reaches an address on the instance\'s allow list, follows no redirect, and stops reading at 1 MB', async () => {
    allowLoopback()
    const ok = await guardedFetch(`http://127.0.0.1:${port}/ok`)
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ ok: true })
    const before = hits.length
    expect(await problemOf(`http://127.0.0.1:${port}/redirect`)).toBe('redirect')
    expect(hits.slice(before)).toEqual(['/redirect'])
    expect(await problemOf(`http://127.0.0.1:${port}/big`)).toBe('too_large')
  })

  it('gives up after 5 seconds', async () => {
    allowLoopback()
    const started = Date.now()
    expect(await problemOf(`http://127.0.0.1:${port}/hang`)).toBe('timeout')
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900)
  }, 15_000)

  it('names the problem in its errors without echoing an address it refused to contact as reachable', async () => {
    httpLoopbackOnly()
    try {
      await guardedFetch('https://169.254.169.254/latest/meta-data/iam')
      throw new Error('not refused')
    } catch (err) {
      expect((err as Error).message).toMatch(/private, loopback or internal address/)
      expect((err as Error).message).not.toMatch(/meta-data|iam/)
    }
  })
})
