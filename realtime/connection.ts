/** One client socket: who it is, what it may do, and its queue until its document is ready. */
import type { WebSocket } from 'ws'
import type { PresenceUser } from './presence'
import { RateLimiter, type Limits } from './limits'
import type { SharedDoc } from './shared-doc'

const SEND_OPTIONS = { binary: true } as const

export class Connection {
  user: PresenceUser = { id: '', name: '', colour: '' }
  workspaceId = ''
  docName = ''
  canWrite = false
  /** May change who owns a touchpoint ('touchpoints.assign'); see owner-guard.ts. */
  canAssign = false
  /** Set once admitted and the document is loaded; messages before that wait in `queue`. */
  doc: SharedDoc | null = null
  queue: Uint8Array[] = []
  readonly clientIds = new Set<number>()
  readonly limiter: RateLimiter
  /** Whether anything was sent since the engine's last keepalive check (cheaper than a clock read per send). */
  sentSinceTick = true
  lastSentAt = Date.now()
  alive = true
  closed = false
  /** Bytes of pending (unintegrable) data this connection added to its document (pending.ts). */
  pendingBytes = 0

  constructor(
    readonly ws: WebSocket,
    limits: Limits,
  ) {
    this.limiter = new RateLimiter(limits)
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== 1) return
    this.sentSinceTick = true
    this.ws.send(message, SEND_OPTIONS)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.queue = []
    try {
      this.ws.close(code, reason.slice(0, 120))
    } catch {
      this.ws.terminate()
    }
    // A peer that ignores the close handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref()
  }
}
