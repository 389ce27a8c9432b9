/** Per-connection limits. Every value can be overridden through attachRealtime's options. */
export type Limits = {
  /** Largest frame accepted; a bigger one closes the connection (1009). */
  maxMessageBytes: number
  /** Frames a connection may send before it is admitted and its document loaded. */
  preAdmissionMessages: number
  /** Sustained frames per second per connection, with a burst allowance. */
  messagesPerSecond: number
  messageBurst: number
  /** Sustained bytes per second per connection, with a burst allowance. */
  bytesPerSecond: number
  bytesBurst: number
  /** Bytes a document may hold pending (updates waiting for data the server never received, pending.ts). */
  maxPendingBytesPerDoc: number
  /** Pending bytes one connection may add; over it (or the document's bound) the pending data is dropped and the sockets that added it closed. */
  maxPendingBytesPerConnection: number
  /** Pending data older than this is dropped, and the sockets that added it closed. */
  maxPendingAgeMs: number
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 1024 * 1024,
  preAdmissionMessages: 32,
  messagesPerSecond: 300,
  messageBurst: 1000,
  bytesPerSecond: 4 * 1024 * 1024,
  bytesBurst: 8 * 1024 * 1024,
  maxPendingBytesPerDoc: 512 * 1024,
  maxPendingBytesPerConnection: 128 * 1024,
  maxPendingAgeMs: 10_000,
}

/** Two token buckets (frames and bytes); `take` returns false once either runs dry. */
export class RateLimiter {
  private msgTokens: number
  private byteTokens: number
  private last = performance.now()

  constructor(private readonly limits: Limits) {
    this.msgTokens = limits.messageBurst
    this.byteTokens = limits.bytesBurst
  }

  take(bytes: number): boolean {
    const now = performance.now()
    const dt = (now - this.last) / 1000
    this.last = now
    const l = this.limits
    this.msgTokens = Math.min(l.messageBurst, this.msgTokens + dt * l.messagesPerSecond) - 1
    this.byteTokens = Math.min(l.bytesBurst, this.byteTokens + dt * l.bytesPerSecond) - bytes
    return this.msgTokens >= 0 && this.byteTokens >= 0
  }
}

/** WebSocket close codes the engine uses. 44xx tells the stock client not to reconnect (a new ticket is needed). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  unsupported: 1003,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  tryAgain: 1013,
  unauthorized: 4401,
  forbidden: 4403,
} as const
