/**
 * attachRealtime: the websocket endpoint at /realtime/<document name> on an
 * existing HTTP server (the app's, or realtime/server-main.ts's own).
 * Other upgrade requests are left alone.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { config } from '@/lib/config'
import { log } from '@/lib/log'
import { originAllowed } from './admission'
import { parseDocName } from './doc-name'
import { DEFAULT_ENGINE_OPTIONS, Engine, type EngineOptions, type RealtimeStats } from './engine'
import { connectRedisFanout } from './fanout-redis'
import { CLOSE, DEFAULT_LIMITS, type Limits } from './limits'
import { REALTIME_PATH } from './paths'
import { provideLiveDocuments } from '@/lib/documents/live-documents'
import { engineDocuments } from './doc-api'
import { registerRealtime, unregisterRealtime } from './handle'
import { acceptSocket } from './socket'

export type RealtimeOptions = Partial<Omit<EngineOptions, 'limits'>> & {
  limits?: Partial<Limits>
  /** Origins allowed besides APP_URL's (tests, other front ends). */
  allowedOrigins?: string[]
  /** Redis for cross-process fan-out; default config().redisUrl, null turns it off. */
  redisUrl?: string | null
  redisPrefix?: string
}

export type Realtime = {
  /** Closes sockets (clients reconnect), stores everything pending, disconnects Redis. */
  close: () => Promise<void>
  stats: () => RealtimeStats
  /** Re-checks a member's open connections now (and asks other processes to). */
  notifyMembershipChanged: (workspaceId: string, userId: string) => Promise<void>
  engine: Engine
}

export async function attachRealtime(server: Server, opts: RealtimeOptions = {}): Promise<Realtime> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits }
  const engine = new Engine({ ...DEFAULT_ENGINE_OPTIONS, ...stripUndefined(opts), limits })
  const extraOrigins = (opts.allowedOrigins ?? []).map((o) => new URL(o).origin)
  // Read per request: with PORT=0 the app's URL is only known after listen().
  const allowed = () => new Set([new URL(config().appUrl).origin, ...extraOrigins])
  const redisUrl = opts.redisUrl === undefined ? config().redisUrl : opts.redisUrl
  if (redisUrl) {
    engine.fanout = await connectRedisFanout(
      redisUrl,
      {
        onMessage: (doc, peer, m) => engine.onFanout(doc, peer, m),
        onMembershipChange: (workspaceId, userId) => void engine.recheck({ workspaceId, userId }),
        onResubscribed: () => engine.resyncAll(),
      },
      opts.redisPrefix,
    )
  }
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false })

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isRealtimeRequest(req)) return
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!originAllowed(req.headers.origin, allowed())) return refuse(socket, 403, 'Forbidden')
    let doc = null
    try {
      doc = parseDocName(decodeURIComponent(url.pathname.slice(REALTIME_PATH.length + 1)))
    } catch {
      /* bad escape */
    }
    if (!doc) return refuse(socket, 404, 'Not Found')
    const parsed = doc
    wss.handleUpgrade(req, socket, head, (ws) => acceptSocket(engine, ws, parsed, url.searchParams.get('ticket')))
  }
  server.on('upgrade', onUpgrade)

  let closed: Promise<void> | null = null
  const realtime: Realtime = {
    engine,
    stats: () => engine.stats(),
    notifyMembershipChanged: async (workspaceId, userId) => {
      engine.fanout?.publishMembershipChange(workspaceId, userId)
      await engine.recheck({ workspaceId, userId })
    },
    close: () =>
      (closed ??= (async () => {
        server.off('upgrade', onUpgrade)
        await engine.close(CLOSE.goingAway)
        wss.close()
        unregisterRealtime(realtime)
        log.info('realtime: closed', { pendingWrites: engine.persistence.pendingUpdates })
      })()),
  }
  registerRealtime(realtime)
  provideLiveDocuments(engineDocuments)
  return realtime
}

/** Whether an upgrade request is the realtime engine's (other upgrade handlers must leave it alone). */
export function isRealtimeRequest(req: IncomingMessage): boolean {
  const path = (req.url ?? '/').split('?')[0]!
  return path === REALTIME_PATH || path.startsWith(`${REALTIME_PATH}/`)
}

function refuse(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'limits')) as Partial<T>
}

export { notifyMembershipChanged } from './handle'
export { docName, parseDocName } from './doc-name'
