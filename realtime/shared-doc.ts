/** A loaded document: the Y.Doc, its awareness, its local connections, and updates other processes still owe the database. */
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import type { Connection } from './connection'
import type { Owner } from './awareness-guard'

/** An update another process applied and has not yet confirmed as stored. */
export type Unconfirmed = { peer: string; seq: number; update: Uint8Array; at: number }

export class SharedDoc {
  readonly ydoc = new Y.Doc({ gc: true })
  readonly awareness = new Awareness(this.ydoc)
  readonly conns = new Set<Connection>()
  /** Admitted connections waiting for the load. */
  readonly waiting = new Set<Connection>()
  /** Awareness client id -> the local connection that owns it. */
  readonly owners = new Map<number, Owner>()
  /** Awareness client id -> the person whose socket last owned it (awareness-guard.ts). */
  readonly lastUser = new Map<number, string>()
  unconfirmed: Unconfirmed[] = []
  ready: Promise<void> = Promise.resolve()
  state: 'loading' | 'ready' | 'closing' = 'loading'
  /** Log rows believed to exist (loaded + written since); drives compaction. */
  logRows = 0
  compacting = false
  /** Compaction starts at compactAfterRows times this (1 to 1.5), spreading documents out. */
  readonly compactJitter = 1 + Math.random() / 2
  /** Sequence number of the last update this process applied from its own clients or API, and the last one stored. */
  lastLocalSeq = 0
  lastAckedSeq = 0
  idleSince: number | null = Date.now()
  /** Server-side API calls in progress: the document stays loaded while they run. */
  holds = 0
  /** Since when the document holds pending data, and the connections that added it (pending.ts). */
  pendingSince: number | null = null
  readonly pendingFrom = new Set<Connection>()

  constructor(
    readonly name: string,
    readonly workspaceId: string,
  ) {
    this.awareness.setLocalState(null)
  }

  destroy(): void {
    this.awareness.destroy()
    this.ydoc.destroy()
  }
}
