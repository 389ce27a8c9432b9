/** Wires one upgraded socket: limits on every frame, the queue until admission and load, then the message handler. */
import type { WebSocket } from 'ws'
import { log } from '@/lib/log'
import { admit } from './admission'
import { Connection } from './connection'
import type { DocName } from './doc-name'
import type { Engine } from './engine'
import { CLOSE } from './limits'
import { handleMessage } from './messages'

const handlers = new WeakMap<Engine, (conn: Connection, data: Uint8Array) => void>()
const handlerOf = (engine: Engine) => {
  let h = handlers.get(engine)
  if (!h) handlers.set(engine, (h = (conn, data) => handleMessage(engine, conn, data)))
  return h
}

export function acceptSocket(engine: Engine, ws: WebSocket, doc: DocName, ticket: string | null): void {
  const limits = engine.opts.limits
  const conn = new Connection(ws, limits)
  const onMessage = handlerOf(engine)
  engine.conns.add(conn)

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (conn.closed) return
    if (!isBinary || !conn.limiter.take(data.length)) {
      engine.counters.closedForLimits++
      return conn.close(CLOSE.policy, isBinary ? 'rate limit exceeded' : 'binary frames only')
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (conn.doc) return onMessage(conn, bytes)
    if (conn.queue.length >= limits.preAdmissionMessages) {
      engine.counters.closedForLimits++
      return conn.close(CLOSE.policy, 'too many messages before admission')
    }
    conn.queue.push(bytes)
  })
  ws.on('close', () => engine.detach(conn))
  ws.on('error', (err) => {
    // ws reports oversized frames (1009) and protocol errors here and closes the socket itself.
    engine.counters.closedForLimits++
    log.debug('realtime: socket error', { err: String(err) })
  })
  ws.on('pong', () => {
    conn.alive = true
  })

  void admitAndAttach(engine, conn, doc, ticket)
}

/** Separate from acceptSocket so the socket's listeners do not keep the ticket and name alive. */
async function admitAndAttach(engine: Engine, conn: Connection, doc: DocName, ticket: string | null): Promise<void> {
  try {
    const a = await admit(conn, doc, ticket)
    if (!a.ok) {
      engine.counters.refused++
      return conn.close(a.code, a.reason)
    }
    if (conn.closed) return
    const shared = await engine.acquire(doc.name, doc.workspaceId, conn)
    if (conn.closed) {
      if (shared.conns.size === 0) shared.idleSince ??= Date.now()
      return
    }
    engine.attach(conn, shared, handlerOf(engine))
  } catch (err) {
    log.error('realtime: admitting a connection failed', { doc: doc.name, err: String(err) })
    conn.close(CLOSE.tryAgain, 'try again')
  }
}
