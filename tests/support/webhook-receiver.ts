/**
 * A real HTTP receiver on loopback for webhook tests and the benchmark: it
 * records every request (headers, raw body), answers `status` (or fails the
 * next `failNext` requests with 500), and checks signatures as a receiver
 * would, with the endpoint's secret.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Received = { headers: IncomingHttpHeaders; body: string; at: number; status: number }

export type WebhookReceiver = {
  url: string
  received: Received[]
  /** Answer the next n requests with 500 (then `status` again). */
  failNext: (n: number) => void
  /** The status every other request gets (default 200). */
  setStatus: (s: number) => void
  /** Resolves when `n` requests have arrived (or rejects after `ms`). */
  waitFor: (n: number, ms?: number) => Promise<Received[]>
  close: () => Promise<void>
}

export async function startWebhookReceiver(path = '/hooks/touchmap'): Promise<WebhookReceiver> {
  const received: Received[] = []
  let failing = 0
  let status = 200
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const s = failing > 0 ? (failing--, 500) : status
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status: s })
      res.writeHead(s, { 'content-type': 'text/plain' })
      res.end(s < 300 ? 'ok' : `receiver says no (${s}) ${'x'.repeat(2000)}`)
    })
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    failNext: (n) => void (failing = n),
    setStatus: (s) => void (status = s),
    waitFor: async (n, ms = 20_000) => {
      const end = Date.now() + ms
      while (received.length < n) {
        if (Date.now() > end) throw new Error(`The receiver got ${received.length} of ${n} requests within ${ms} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
      return received
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
