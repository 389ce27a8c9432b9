/**
 * Server-side changes to a live document (owner assignment, imports, API
 * writes): applied to the loaded document, sent to its open editors, fanned
 * out to other processes and stored through the same group commit as a
 * client's edits. Resolves once the change is stored.
 */
import type * as Y from 'yjs'
import { parseDocName } from './doc-name'
import { realtimeHandle } from './handle'

export async function withDocument<T>(workspaceId: string, doc: string, fn: (ydoc: Y.Doc) => T): Promise<T> {
  const parsed = parseDocName(doc)
  if (!parsed || parsed.workspaceId !== workspaceId.toLowerCase()) throw new Error(`Document ${JSON.stringify(doc)} is not in workspace ${workspaceId}`)
  const rt = realtimeHandle()
  if (!rt) throw new Error('The realtime engine is not running in this process (attachRealtime was not called)')
  return rt.engine.change(parsed.name, parsed.workspaceId, fn)
}

