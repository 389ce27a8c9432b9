import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent'
import { config } from '@/lib/config'
import { outboundUrlProblem } from './outbound-url'

export const OUTBOUND_TIMEOUT_MS = 5_000
export const OUTBOUND_MAX_BYTES = 1024 * 1024

export type OutboundProblem = 'url' | 'blocked_address' | 'timeout' | 'too_large' | 'redirect' | 'network'

/** A request the server refused to make or could not finish; the message names the problem, never the response's content. */
export class OutboundRequestError extends Error {
  constructor(
    readonly problem: OutboundProblem,
    message: string,
  ) {
    super(message)
    this.name = 'OutboundRequestError'
  }
}

let agents: { key: string; http: RequestFilteringHttpAgent; https: RequestFilteringHttpsAgent } | null = null
function agentsFor(allow: string[]) {
  const key = allow.join(',')
  if (agents?.key !== key) {
    // request-filtering-agent checks the address a name resolves to at connect time (so a name
    // that resolves to 127.0.0.1, or rebinds to it, is caught) and refuses private, loopback,
    // link-local, CGNAT, multicast, reserved and IPv6 equivalents, with ipaddr.js's ranges.
    const opts = { allowIPAddressList: allow, keepAlive: false }
    agents = { key, http: new RequestFilteringHttpAgent(opts), https: new RequestFilteringHttpsAgent(opts) }
  }
  return agents
}

function describe(err: unknown, host: string): OutboundRequestError {
  if (err instanceof OutboundRequestError) return err
  const message = err instanceof Error ? err.message : String(err)
  if (/is not allowed\. Because/.test(message)) {
    return new OutboundRequestError('blocked_address', `${host} is a private, loopback or internal address, which Touchmap does not contact`)
  }
  const code = (err as { code?: string }).code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new OutboundRequestError('network', `${host} could not be found (DNS)`)
  if (code === 'ECONNREFUSED') return new OutboundRequestError('network', `${host} refused the connection`)
  if (code && /^(CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) return new OutboundRequestError('network', `${host}'s TLS certificate is not valid`)
  return new OutboundRequestError('network', `${host} could not be reached${code ? ` (${code})` : ''}`)
}

/**
 * The one client for every request the server makes on a user's behalf (OIDC
 * discovery, tokens, keys and user info; later SAML metadata and webhooks).
 * Same interface as fetch, returns a standard Response. It refuses URLs that
 * outboundUrlProblem refuses, private and internal addresses at connect time
 * (except OUTBOUND_ALLOWED_ADDRESSES), follows no redirect (a 3xx is an
 * error), gives up after 5 s and stops reading at 1 MB.
 */
export async function guardedFetch(input: string | URL | Request, init: RequestInit = {}, opts: { allowHttpLoopback?: boolean } = {}): Promise<Response> {
  const req = input instanceof Request ? input : null
  const url = new URL(req ? req.url : input.toString())
  const host = url.host
  const problem = outboundUrlProblem(url.href, { query: true, allowHttpLoopback: opts.allowHttpLoopback })
  if (problem) throw new OutboundRequestError('url', `The URL ${problem}`)

  const method = (init.method ?? req?.method ?? 'GET').toUpperCase()
  const headers = new Headers(req?.headers)
  new Headers(init.headers).forEach((v, k) => headers.set(k, v))
  let body: Buffer | undefined
  const rawBody = init.body ?? (req && req.body ? await req.arrayBuffer() : undefined)
  if (rawBody !== undefined && rawBody !== null) body = Buffer.from(await new Response(rawBody as BodyInit).arrayBuffer())
  if (body) headers.set('content-length', String(body.length))
  headers.set('accept-encoding', 'identity')

  const timeout = AbortSignal.timeout(OUTBOUND_TIMEOUT_MS)
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout
  const { http, https } = agentsFor(config().outboundAllowedAddresses)

  return new Promise<Response>((resolve, reject) => {
    const fail = (err: unknown) => reject(signal.aborted && timeout.aborted ? new OutboundRequestError('timeout', `${host} did not answer within ${OUTBOUND_TIMEOUT_MS / 1000} s`) : describe(err, host))
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const outgoing = send(url, { method, headers: Object.fromEntries(headers), agent: url.protocol === 'https:' ? https : http, signal }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400) {
        res.resume()
        return reject(new OutboundRequestError('redirect', `${host} answered with a redirect (${status}), which Touchmap does not follow`))
      }
      const declared = Number(res.headers['content-length'] ?? 0)
      if (declared > OUTBOUND_MAX_BYTES) {
        res.destroy()
        return reject(new OutboundRequestError('too_large', `${host}'s answer is larger than 1 MB`))
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > OUTBOUND_MAX_BYTES) {
          res.destroy()
          reject(new OutboundRequestError('too_large', `${host}'s answer is larger than 1 MB`))
          return
        }
        chunks.push(chunk)
      })
      res.on('error', fail)
      res.on('end', () => {
        if (size > OUTBOUND_MAX_BYTES) return
        const out = new Headers()
        for (const [k, v] of Object.entries(res.headers)) {
          if (v === undefined) continue
          for (const one of Array.isArray(v) ? v : [v]) out.append(k, one)
        }
        const noBody = status === 204 || status === 304 || method === 'HEAD'
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: out }))
      })
    })
    outgoing.on('error', fail)
    outgoing.end(body)
  })
}
