/**
 * A real DNS server on loopback for tests (dns2, over UDP): answers TXT
 * queries from a zone the test edits, NXDOMAIN for names it does not know,
 * SERVFAIL for names marked failing. Point the app at it with DNS_SERVERS
 * (`server.address`). With `{ control: true }` the zone can also be edited
 * from another process (Playwright workers): `setTxtOver(controlUrl, ...)`.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import dns2 from 'dns2'

export type TestDnsServer = {
  /** `127.0.0.1:<port>`, for DNS_SERVERS. */
  address: string
  setTxt(name: string, values: string[]): void
  remove(name: string): void
  /** Answer SERVFAIL for this name (a resolver that cannot answer). */
  fail(name: string): void
  /** Names asked for, in order. */
  queries: string[]
  /** With `{ control: true }`: POST <controlUrl>/txt {"name","values"} edits the zone. */
  controlUrl?: string
  close(): Promise<void>
}

/** Publishes TXT records in a test DNS server of another process (values [] removes the name). */
export async function setTxtOver(controlUrl: string, name: string, values: string[]): Promise<void> {
  const r = await fetch(`${controlUrl}/txt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, values }) })
  if (!r.ok) throw new Error(`dns control answered ${r.status}`)
}

export async function startDnsServer(opts: { control?: boolean } = {}): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>()
  const failing = new Set<string>()
  const queries: string[] = []
  const { Packet } = dns2
  const server = dns2.createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request)
    const [question] = request.questions
    const name = (question?.name ?? '').toLowerCase().replace(/\.$/, '')
    queries.push(name)
    if (failing.has(name)) {
      response.header.rcode = 2
    } else if (!txt.has(name)) {
      response.header.rcode = 3
    } else if (question?.type === Packet.TYPE.TXT) {
      for (const data of txt.get(name)!) response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data } as unknown as (typeof response.answers)[number])
    }
    send(response)
  })
  await server.listen(0, '127.0.0.1')
  const { port } = server.address() as AddressInfo
  const setTxt = (name: string, values: string[]) => {
    failing.delete(name.toLowerCase())
    if (values.length) txt.set(name.toLowerCase(), values)
    else txt.delete(name.toLowerCase())
  }
  let control: Server | undefined
  if (opts.control) {
    control = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; values: string[] }
          if (req.method !== 'POST' || req.url !== '/txt' || typeof body.name !== 'string' || !Array.isArray(body.values)) throw new Error('bad request')
          setTxt(body.name, body.values.map(String))
          res.writeHead(204).end()
        } catch {
          res.writeHead(400).end()
        }
      })
    })
    await new Promise<void>((r) => control!.listen(0, '127.0.0.1', r))
  }
  return {
    address: `127.0.0.1:${port}`,
    controlUrl: control ? `http://127.0.0.1:${(control.address() as AddressInfo).port}` : undefined,
    setTxt,
    remove: (name) => {
      failing.delete(name.toLowerCase())
      txt.delete(name.toLowerCase())
    },
    fail: (name) => failing.add(name.toLowerCase()),
    queries,
    close: async () => {
      if (control) await new Promise((r) => control!.close(r))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
