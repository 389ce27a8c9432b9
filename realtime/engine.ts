/**
 * The realtime engine: owns the loaded documents, the connections, the group
 * commit and the fan-out, and runs one timer for the periodic chores
 * (membership re-checks, keepalives, idle eviction, adopting updates of dead
 * peers). Admission and per-message handling live in admission.ts and
 * messages.ts; everything here is wiring and lifecycle.
 */
import * as Y from 'yjs'
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { log } from '@/lib/log'
import { trackAuthors } from './authors'
import { Connection } from './connection'
import { parseDocName } from './doc-name'
import { compactDoc, loadDoc, rewriteSnapshot } from './doc-store'
import type { Fanout, FanoutMessage } from './fanout'
import { GroupCommit, type Flushed } from './group-commit'
import { CLOSE, DEFAULT_LIMITS, type Limits } from './limits'
import { recheckMemberships } from './membership-watch'
import { dropPending, encodeIntegratedState, pendingBytes } from './pending'
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, KEEPALIVE, MSG_SYNC, SYNC_STEP1 } from './protocol'
import { SharedDoc } from './shared-doc'

export const ORIGIN_LOAD = Symbol('load')
export const ORIGIN_REMOTE = Symbol('remote')
export const ORIGIN_API = Symbol('api')

export type EngineOptions = {
  flushWindowMs: number
  idleEvictMs: number
  membershipCheckMs: number
  keepaliveMs: number
  compactAfterRows: number
  adoptAfterMs: number
  limits: Limits
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  flushWindowMs: 100,
  idleEvictMs: 60_000,
  membershipCheckMs: 1000,
  keepaliveMs: 15_000,
  compactAfterRows: 200,
  adoptAfterMs: 3000,
  limits: DEFAULT_LIMITS,
}

export type RealtimeStats = {
  docs: number
  connections: number
  pendingWrites: number
  loads: number
  updatesApplied: number
  rowsWritten: number
  refused: number
  closedForLimits: number
  readonlyDropped: number
  closedForPending: number
  pendingBytesDropped: number
  /** Bytes held pending across the loaded documents now. */
  pendingBytes: number
}

export class Engine {
  readonly docs = new Map<string, SharedDoc>()
  readonly conns = new Set<Connection>()
  readonly persistence: GroupCommit
  fanout: Fanout | null = null
  readonly counters = { loads: 0, updatesApplied: 0, refused: 0, closedForLimits: 0, readonlyDropped: 0, closedForPending: 0, pendingBytesDropped: 0 }
  private seq = 0
  private timer: NodeJS.Timeout
  private checking = false
  private lastMembershipCheck = 0
  private lastPing = Date.now()
  private closing = false
  private compactQueue: SharedDoc[] = []
  private compactRunning = false

  constructor(readonly opts: EngineOptions) {
    this.persistence = new GroupCommit(opts.flushWindowMs, (f) => this.onFlushed(f))
    this.timer = setInterval(() => this.tick(), Math.min(250, opts.membershipCheckMs, opts.keepaliveMs / 2))
    this.timer.unref()
  }

  stats(): RealtimeStats {
    return {
      docs: this.docs.size,
      connections: this.conns.size,
      pendingWrites: this.persistence.pendingUpdates,
      rowsWritten: this.persistence.rowsWritten,
      ...this.counters,
      pendingBytes: [...this.docs.values()].reduce((n, d) => n + (d.state === 'ready' ? pendingBytes(d.ydoc) : 0), 0),
    }
  }

  /** The loaded document, loading it once however many callers wait for it. Throws when the load fails. */
  async acquire(name: string, workspaceId: string, waiting?: Connection): Promise<SharedDoc> {
    for (;;) {
      if (this.closing) throw new Error('The realtime engine is shutting down')
      let doc = this.docs.get(name)
      if (doc?.state === 'closing') {
        await doc.ready
        continue
      }
      if (!doc) {
        const created = new SharedDoc(name, workspaceId)
        doc = created
        this.docs.set(name, created)
        created.ready = this.load(created)
        created.ready.catch((err) => {
          log.error('realtime: loading a document failed', { doc: name, err: String(err) })
          if (this.docs.get(name) === created) this.docs.delete(name)
          created.destroy()
        })
      }
      if (waiting) doc.waiting.add(waiting)
      try {
        await doc.ready
      } finally {
        if (waiting) doc.waiting.delete(waiting)
      }
      return doc
    }
  }

  private async load(doc: SharedDoc): Promise<void> {
    this.counters.loads++
    const stored = await loadDoc(doc.workspaceId, doc.name)
    // Clients already waiting get their sync step 2 straight from the stored bytes,
    // before the CPU-heavy integration below (which nothing can interleave with).
    answerWaitingClients(doc, stored.updates)
    doc.ydoc.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(doc.ydoc, u)
    }, ORIGIN_LOAD)
    doc.logRows = stored.logRows
    const held = pendingBytes(doc.ydoc)
    if (held > 0) {
      // Stored before pending data was kept out of snapshots: dropped from memory after maxPendingAgeMs; an admin repair rewrites the snapshot.
      doc.pendingSince = Date.now()
      log.warn('realtime: a stored document holds pending data; repair it', { doc: doc.name, bytes: held })
    }
    if (parseDocName(doc.name)?.rest === 'catalog') trackAuthors(doc.ydoc, (origin) => (origin instanceof Connection ? origin.user.id : null))
    doc.ydoc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(doc, update, origin))
    doc.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      this.onAwarenessUpdate(doc, changes, origin),
    )
    if (this.fanout) {
      await this.fanout.join(doc.name)
      this.fanout.publish(doc.name, { kind: 'sync-request', stateVector: Y.encodeStateVector(doc.ydoc) })
    }
    doc.state = 'ready'
  }

  private onDocUpdate(doc: SharedDoc, update: Uint8Array, origin: unknown): void {
    if (origin === ORIGIN_LOAD) return
    const message = encodeUpdate(update)
    for (const c of doc.conns) if (c !== origin) c.send(message)
    if (origin instanceof Connection || origin === ORIGIN_API) {
      this.counters.updatesApplied++
      const seq = ++this.seq
      doc.lastLocalSeq = seq
      this.persistence.enqueue(doc.workspaceId, doc.name, update, seq)
      this.fanout?.publish(doc.name, { kind: 'update', seq, update })
    }
  }

  private onAwarenessUpdate(doc: SharedDoc, { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    const update = encodeAwarenessUpdate(doc.awareness, added.concat(updated, removed))
    const message = encodeAwareness(update)
    for (const c of doc.conns) if (c !== origin) c.send(message)
    if (origin instanceof Connection) this.fanout?.publish(doc.name, { kind: 'awareness', update })
  }

  private readonly storedListeners = new Set<(doc: SharedDoc) => void>()

  /** Calls `listener` each time changes to a loaded document have been stored (the maps read model projects from here). */
  onStored(listener: (doc: SharedDoc) => void): () => void {
    this.storedListeners.add(listener)
    return () => this.storedListeners.delete(listener)
  }

  private onFlushed({ doc: name, maxSeq }: Flushed): void {
    const doc = this.docs.get(name)
    if (maxSeq > 0 && this.fanout) this.fanout.publish(name, { kind: 'ack', seq: maxSeq })
    if (!doc) return
    for (const l of this.storedListeners) l(doc)
    doc.logRows++
    if (maxSeq > doc.lastAckedSeq) doc.lastAckedSeq = maxSeq
    // Jittered per document, and one compaction at a time per process, so documents
    // that filled up together do not all compact in the same moment.
    if (doc.logRows >= this.opts.compactAfterRows * doc.compactJitter && !doc.compacting && !this.compactQueue.includes(doc)) {
      this.compactQueue.push(doc)
      if (!this.compactRunning) void this.runCompactions()
    }
  }

  private async runCompactions(): Promise<void> {
    this.compactRunning = true
    try {
      for (let doc = this.compactQueue.shift(); doc; doc = this.compactQueue.shift()) {
        if (doc.state === 'ready') await this.compact(doc)
      }
    } finally {
      this.compactRunning = false
    }
  }

  async compact(doc: SharedDoc): Promise<void> {
    if (doc.compacting) return
    doc.compacting = true
    try {
      // Without Redis this process is the document's only writer: compact from memory, no replay.
      const folded = await compactDoc(doc.workspaceId, doc.name, this.fanout ? undefined : () => encodeIntegratedState(doc.ydoc))
      if (folded !== null) doc.logRows = Math.max(0, doc.logRows - folded)
    } catch (err) {
      log.warn('realtime: compaction failed', { doc: doc.name, err: String(err) })
    } finally {
      doc.compacting = false
    }
  }

  /**
   * A client's update changed what the document holds pending (pending.ts).
   * Over the document's or the connection's bound, the pending data is
   * dropped and the sockets that added it are closed (they resync when they
   * reconnect, sending what the server lacks if they have it).
   */
  pendingChanged(doc: SharedDoc, conn: Connection, delta: number): void {
    const held = pendingBytes(doc.ydoc)
    if (held === 0) {
      doc.pendingSince = null
      for (const c of doc.pendingFrom) c.pendingBytes = 0
      doc.pendingFrom.clear()
      return
    }
    doc.pendingSince ??= Date.now()
    if (delta > 0) {
      conn.pendingBytes += delta
      doc.pendingFrom.add(conn)
    }
    const l = this.opts.limits
    if (conn.pendingBytes > l.maxPendingBytesPerConnection || held > l.maxPendingBytesPerDoc) this.dropPending(doc, 'over the limit')
  }

  /** Forgets a document's pending data, closes the sockets that added it, and asks peers for what this process lacks. */
  dropPending(doc: SharedDoc, why: string): number {
    const dropped = dropPending(doc.ydoc)
    this.counters.pendingBytesDropped += dropped
    for (const c of doc.pendingFrom) {
      c.pendingBytes = 0
      if (c.closed) continue
      this.counters.closedForPending++
      c.close(CLOSE.policy, 'update depends on data the server does not have')
    }
    doc.pendingFrom.clear()
    doc.pendingSince = null
    if (dropped > 0) log.warn('realtime: dropped pending data', { doc: doc.name, bytes: dropped, why })
    if (this.fanout && doc.state === 'ready') this.fanout.publish(doc.name, { kind: 'sync-request', stateVector: Y.encodeStateVector(doc.ydoc) })
    return dropped
  }

  /**
   * Repairs a stored document (an admin's tool): loads it, drops whatever it
   * holds pending (an older snapshot may carry some), and writes a snapshot of
   * its integrated state, folding the log into it.
   */
  async repair(name: string, workspaceId: string): Promise<{ droppedBytes: number; foldedRows: number }> {
    const doc = await this.acquire(name, workspaceId)
    doc.holds++
    try {
      const droppedBytes = this.dropPending(doc, 'repair')
      await this.persistence.flush()
      while (doc.compacting) await new Promise((r) => setTimeout(r, 20))
      doc.compacting = true
      try {
        const foldedRows = await rewriteSnapshot(doc.workspaceId, doc.name, () => encodeIntegratedState(doc.ydoc))
        doc.logRows = 0
        return { droppedBytes, foldedRows }
      } finally {
        doc.compacting = false
      }
    } finally {
      doc.holds--
      if (doc.conns.size === 0 && doc.holds === 0) doc.idleSince = Date.now()
    }
  }

  /** Attaches an admitted connection to its loaded document and replays what it sent meanwhile. */
  attach(conn: Connection, doc: SharedDoc, handle: (conn: Connection, data: Uint8Array) => void): void {
    conn.doc = doc
    doc.conns.add(conn)
    doc.idleSince = null
    // Writers get the server's state vector so they send what the server lacks (offline edits).
    if (conn.canWrite) conn.send(syncStep1Of(doc))
    const states = doc.awareness.getStates()
    if (states.size > 0) conn.send(encodeAwareness(encodeAwarenessUpdate(doc.awareness, [...states.keys()])))
    const queued = conn.queue
    conn.queue = []
    for (const m of queued) {
      if (conn.closed) break
      handle(conn, m)
    }
  }

  detach(conn: Connection): void {
    this.conns.delete(conn)
    conn.closed = true
    const doc = conn.doc
    if (!doc) return
    doc.conns.delete(conn)
    for (const id of conn.clientIds) if (doc.owners.get(id) === conn) doc.owners.delete(id)
    doc.pendingFrom.delete(conn)
    if (conn.clientIds.size > 0) removeAwarenessStates(doc.awareness, [...conn.clientIds], conn)
    if (doc.conns.size === 0) doc.idleSince = Date.now()
  }

  onFanout(name: string, peer: string, m: FanoutMessage): void {
    const doc = this.docs.get(name)
    if (!doc || doc.state !== 'ready') return
    switch (m.kind) {
      case 'update':
      case 'sync-reply':
        Y.applyUpdate(doc.ydoc, m.update, ORIGIN_REMOTE)
        if (m.seq > 0) doc.unconfirmed.push({ peer, seq: m.seq, update: m.update, at: Date.now() })
        break
      case 'ack':
        doc.unconfirmed = doc.unconfirmed.filter((u) => u.peer !== peer || u.seq > m.seq)
        break
      case 'awareness':
        applyAwarenessUpdate(doc.awareness, m.update, ORIGIN_REMOTE)
        break
      case 'sync-request': {
        const update = Y.encodeStateAsUpdate(doc.ydoc, m.stateVector)
        // Unstored local updates ride along with a sequence number, so the asker stores them if we die.
        const seq = doc.lastLocalSeq > doc.lastAckedSeq ? doc.lastLocalSeq : 0
        this.fanout?.publish(name, { kind: 'sync-reply', seq, update })
        if (doc.owners.size > 0) this.fanout?.publish(name, { kind: 'awareness', update: encodeAwarenessUpdate(doc.awareness, [...doc.owners.keys()]) })
        break
      }
    }
  }

  /** After missed fan-out messages: ask the peers for everything this process lacks. */
  resyncAll(): void {
    for (const doc of this.docs.values()) {
      if (doc.state === 'ready') this.fanout?.publish(doc.name, { kind: 'sync-request', stateVector: Y.encodeStateVector(doc.ydoc) })
    }
  }

  async recheck(only?: { workspaceId: string; userId: string }): Promise<void> {
    await recheckMemberships(this.conns, only)
  }

  private tick(): void {
    const now = Date.now()
    if (!this.checking && now - this.lastMembershipCheck >= this.opts.membershipCheckMs - 50) {
      this.checking = true
      this.lastMembershipCheck = now
      void this.recheck().finally(() => (this.checking = false))
    }
    const ping = now - this.lastPing >= 30_000
    if (ping) this.lastPing = now
    for (const c of this.conns) {
      if (ping) {
        if (!c.alive) c.ws.terminate()
        c.alive = false
        c.ws.ping()
      }
      if (c.sentSinceTick) {
        c.sentSinceTick = false
        c.lastSentAt = now
      } else if (c.doc && now - c.lastSentAt >= this.opts.keepaliveMs) c.send(KEEPALIVE)
    }
    for (const doc of this.docs.values()) {
      if (doc.pendingSince !== null && now - doc.pendingSince >= this.opts.limits.maxPendingAgeMs) this.dropPending(doc, 'waited too long')
      if (doc.unconfirmed.length > 0) this.adopt(doc, now - this.opts.adoptAfterMs)
      if (doc.state === 'ready' && doc.conns.size === 0 && doc.holds === 0 && doc.idleSince !== null && now - doc.idleSince >= this.opts.idleEvictMs) {
        void this.evict(doc)
      }
    }
  }

  /** Stores updates a peer applied but never confirmed as stored (it probably died). Duplicates are harmless to Yjs. */
  private adopt(doc: SharedDoc, olderThan: number): void {
    const keep = []
    for (const u of doc.unconfirmed) {
      if (u.at <= olderThan) this.persistence.enqueue(doc.workspaceId, doc.name, u.update)
      else keep.push(u)
    }
    doc.unconfirmed = keep
  }

  /** Flushes an idle document and unloads it. A connection arriving meanwhile waits and loads it again. */
  evict(doc: SharedDoc): Promise<void> {
    doc.state = 'closing'
    doc.ready = (async () => {
      try {
        this.adopt(doc, Infinity)
        await this.persistence.flush()
        if (doc.logRows >= (this.fanout ? 20 : 1)) await this.compact(doc)
        await this.fanout?.leave(doc.name)
      } finally {
        if (this.docs.get(doc.name) === doc) this.docs.delete(doc.name)
        doc.destroy()
      }
    })()
    return doc.ready
  }

  /** Server-side change: applied, broadcast, fanned out and stored exactly like a client's. Resolves once stored. */
  async change<T>(name: string, workspaceId: string, fn: (ydoc: Y.Doc) => T): Promise<T> {
    const doc = await this.acquire(name, workspaceId)
    doc.holds++
    try {
      let result!: T
      doc.ydoc.transact(() => {
        result = fn(doc.ydoc)
      }, ORIGIN_API)
      await this.persistence.flush()
      return result
    } finally {
      doc.holds--
      if (doc.conns.size === 0 && doc.holds === 0) doc.idleSince = Date.now()
    }
  }

  async close(code: number): Promise<void> {
    this.closing = true
    clearInterval(this.timer)
    for (const c of [...this.conns]) c.close(code, 'server restarting')
    for (const doc of this.docs.values()) this.adopt(doc, Infinity)
    await this.persistence.flush()
    await this.fanout?.close()
    for (const doc of this.docs.values()) doc.destroy()
    this.docs.clear()
  }
}

/** Answers the queued sync step 1 of each waiting connection from the stored updates (merged once, if needed). */
function answerWaitingClients(doc: SharedDoc, updates: Uint8Array[]): void {
  let merged: Uint8Array | null = null
  for (const c of doc.waiting) {
    const i = c.queue.findIndex((m) => m[0] === MSG_SYNC && m[1] === SYNC_STEP1)
    if (i < 0) continue
    try {
      const msg = decodeClientMessage(c.queue[i]!)
      if (msg.kind !== 'sync-step1') continue
      merged ??= updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
      const emptyVector = msg.stateVector.length === 1 && msg.stateVector[0] === 0
      c.send(encodeSyncStep2(emptyVector ? merged : Y.diffUpdate(merged, msg.stateVector)))
      c.queue.splice(i, 1)
    } catch {
      // Malformed: left in the queue, where the normal path closes the connection.
    }
  }
}

function syncStep1Of(doc: SharedDoc): Uint8Array {
  return encodeSyncStep1(Y.encodeStateVector(doc.ydoc))
}
