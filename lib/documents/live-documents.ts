import type * as Y from 'yjs'

/**
 * What lib/ needs of the live (Yjs) documents, as an interface the realtime
 * engine implements and registers when it attaches (realtime/doc-api.ts):
 * services change documents through here, and never import the engine.
 */
export type LiveDocuments = {
  /** A server-side change: applied, sent to open editors, fanned out and stored like a client's edit. Resolves once stored. */
  change<T>(workspaceId: string, doc: string, fn: (ydoc: Y.Doc) => T): Promise<T>
  /** Drops data the document holds pending and rewrites its stored snapshot (an admin's repair). */
  repair(workspaceId: string, doc: string): Promise<{ droppedBytes: number; foldedRows: number }>
}

const g = globalThis as unknown as { __touchmapLiveDocuments?: LiveDocuments }

export function provideLiveDocuments(impl: LiveDocuments): void {
  g.__touchmapLiveDocuments = impl
}

function live(): LiveDocuments {
  const impl = g.__touchmapLiveDocuments
  if (!impl) throw new Error('The realtime engine is not running in this process (attachRealtime was not called)')
  return impl
}

export async function withDocument<T>(workspaceId: string, doc: string, fn: (ydoc: Y.Doc) => T): Promise<T> {
  return live().change(workspaceId, doc, fn)
}

export async function repairDocument(workspaceId: string, doc: string): Promise<{ droppedBytes: number; foldedRows: number }> {
  return live().repair(workspaceId, doc)
}
