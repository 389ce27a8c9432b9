/**
 * Group commit: updates received within one window (default 100 ms) are
 * merged per document and written as one log row per document, one
 * transaction per workspace. A failed write keeps its updates queued and is
 * retried with backoff: nothing is dropped.
 */
import * as Y from 'yjs'
import { log } from '@/lib/log'
import { appendUpdates } from './doc-store'

type Entry = { workspaceId: string; doc: string; updates: Uint8Array[]; maxSeq: number }
export type Flushed = { workspaceId: string; doc: string; maxSeq: number }
export type Writer = (workspaceId: string, entries: { doc: string; update: Uint8Array }[]) => Promise<void>

/**
 * Merges each document's queued updates into one, yielding to the event loop
 * every few milliseconds: a big batch must not stall the live traffic.
 */
async function mergeInSlices(entries: Entry[]): Promise<{ doc: string; update: Uint8Array }[]> {
  const rows: { doc: string; update: Uint8Array }[] = []
  let sliceStart = performance.now()
  for (const e of entries) {
    rows.push({ doc: e.doc, update: e.updates.length === 1 ? e.updates[0]! : Y.mergeUpdates(e.updates) })
    if (performance.now() - sliceStart > 3) {
      await new Promise((r) => setImmediate(r))
      sliceStart = performance.now()
    }
  }
  return rows
}

export class GroupCommit {
  private pending = new Map<string, Entry>()
  private inflight = 0
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private failures = 0
  rowsWritten = 0

  constructor(
    private readonly windowMs: number,
    private readonly onFlushed: (f: Flushed) => void,
    private readonly write: Writer = appendUpdates,
  ) {}

  /** Updates not yet durable. */
  get pendingUpdates(): number {
    let n = this.inflight
    for (const e of this.pending.values()) n += e.updates.length
    return n
  }

  enqueue(workspaceId: string, doc: string, update: Uint8Array, seq = 0): void {
    const key = `${workspaceId}\u0000${doc}`
    let e = this.pending.get(key)
    if (!e) this.pending.set(key, (e = { workspaceId, doc, updates: [], maxSeq: 0 }))
    e.updates.push(update)
    if (seq > e.maxSeq) e.maxSeq = seq
    this.schedule(this.windowMs)
  }

  hasPending(workspaceId: string, doc: string): boolean {
    return this.pending.has(`${workspaceId}\u0000${doc}`)
  }

  /** Writes everything queued now and resolves when it is durable (retrying while the database fails). */
  async flush(): Promise<void> {
    while (this.pending.size > 0 || this.running) {
      if (this.timer) {
        clearTimeout(this.timer)
        this.timer = null
      }
      await (this.running ?? this.run())
    }
  }

  private schedule(ms: number) {
    if (this.timer || this.running) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.run()
    }, ms)
  }

  private run(): Promise<void> {
    if (this.running) return this.running
    const batch = this.pending
    this.pending = new Map()
    this.running = this.writeBatch(batch).finally(() => {
      this.running = null
      if (this.pending.size > 0) this.schedule(this.failures > 0 ? Math.min(5000, 250 * 2 ** this.failures) : this.windowMs)
    })
    return this.running
  }

  private async writeBatch(batch: Map<string, Entry>): Promise<void> {
    const byWorkspace = new Map<string, Entry[]>()
    for (const e of batch.values()) {
      const list = byWorkspace.get(e.workspaceId) ?? []
      list.push(e)
      byWorkspace.set(e.workspaceId, list)
      this.inflight += e.updates.length
    }
    let failed = false
    await Promise.all(
      [...byWorkspace].map(async ([workspaceId, entries]) => {
        try {
          const rows = await mergeInSlices(entries)
          await this.write(workspaceId, rows)
          this.rowsWritten += rows.length
          for (const e of entries) this.onFlushed({ workspaceId, doc: e.doc, maxSeq: e.maxSeq })
        } catch (err) {
          failed = true
          log.error('realtime: writing updates failed, will retry', { workspaceId, err: String(err) })
          for (const e of entries) this.requeue(e)
        } finally {
          for (const e of entries) this.inflight -= e.updates.length
        }
      }),
    )
    this.failures = failed ? this.failures + 1 : 0
    if (failed) await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** this.failures)))
  }

  /** A failed entry goes back in front of anything queued for the same document since. */
  private requeue(e: Entry) {
    const key = `${e.workspaceId}\u0000${e.doc}`
    const later = this.pending.get(key)
    this.pending.set(key, later ? { ...e, updates: [...e.updates, ...later.updates], maxSeq: Math.max(e.maxSeq, later.maxSeq) } : e)
  }
}
