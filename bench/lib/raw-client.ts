/**
 * The load generator's client: speaks the y-websocket protocol at the byte
 * level (sync step 1 with an empty state vector, an empty step 2 in reply,
 * then counts update messages), so the load generator costs the same for
 * either server and stays cheap at 1,000 clients.
 */
import WebSocket from 'ws'

export const ORIGIN = 'http://bench.touchmap.test'
const STEP1_EMPTY = new Uint8Array([0, 0, 1, 0])
const STEP2_EMPTY = new Uint8Array([0, 1, 2, 0, 0])

export class RawClient {
  readonly ws: WebSocket
  updates = 0
  onUpdate: ((index: number, now: number, data: Uint8Array) => void) | null = null
  readonly opened: Promise<void>
  readonly synced: Promise<number>
  readonly closed: Promise<number>
  private resolveSynced!: (t: number) => void

  constructor(url: string) {
    this.ws = new WebSocket(url, { origin: ORIGIN, perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    this.synced = new Promise((r) => (this.resolveSynced = r))
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('error', reject)
    })
    this.closed = new Promise((r) => this.ws.once('close', (code) => r(code)))
    this.ws.on('open', () => this.ws.send(STEP1_EMPTY))
    this.ws.on('message', (data: Buffer) => {
      if (data[0] !== 0) return
      const sub = data[1]
      if (sub === 2) {
        const now = performance.now()
        this.onUpdate?.(this.updates++, now, data)
      } else if (sub === 1) this.resolveSynced(performance.now())
      else if (sub === 0) this.ws.send(STEP2_EMPTY)
    })
    this.ws.on('error', () => {})
  }

  send(data: Uint8Array): void {
    this.ws.send(data)
  }

  close(): void {
    this.ws.terminate()
  }
}
