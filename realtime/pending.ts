/**
 * Yjs keeps an update that depends on data the document does not have (a
 * clock it never received) as "pending" structs and deletes, and retries
 * merging them on every later update. A client can send such updates on
 * purpose: the engine bounds what a document may hold pending and what one
 * socket may add (limits.ts), drops pending data that waits too long, and
 * never writes it into a snapshot or a sync answer.
 */
import * as Y from 'yjs'

type Store = { pendingStructs: { update: Uint8Array } | null; pendingDs: Uint8Array | null }
const storeOf = (ydoc: Y.Doc) => ydoc.store as unknown as Store

/** Bytes held pending (structs and deletes). */
export function pendingBytes(ydoc: Y.Doc): number {
  const s = storeOf(ydoc)
  return (s.pendingStructs?.update.byteLength ?? 0) + (s.pendingDs?.byteLength ?? 0)
}

/** Forgets what is pending; returns how many bytes that was. */
export function dropPending(ydoc: Y.Doc): number {
  const n = pendingBytes(ydoc)
  const s = storeOf(ydoc)
  s.pendingStructs = null
  s.pendingDs = null
  return n
}

/** The document's state (or its difference to a state vector) without pending data: what snapshots and sync answers carry. */
export function encodeIntegratedState(ydoc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const s = storeOf(ydoc)
  const { pendingStructs, pendingDs } = s
  s.pendingStructs = null
  s.pendingDs = null
  try {
    return Y.encodeStateAsUpdate(ydoc, stateVector)
  } finally {
    s.pendingStructs = pendingStructs
    s.pendingDs = pendingDs
  }
}
