/**
 * The engine's side of lib/documents/live-documents.ts: server-side changes
 * (owner assignment, imports, API writes) and repairs of live documents, on
 * the process's engine (realtime/handle.ts). attachRealtime registers it.
 */
import type { LiveDocuments } from '@/lib/documents/live-documents'
import { parseDocName } from './doc-name'
import { realtimeHandle } from './handle'

function target(workspaceId: string, doc: string) {
  const parsed = parseDocName(doc)
  if (!parsed || parsed.workspaceId !== workspaceId.toLowerCase()) throw new Error(`Document ${JSON.stringify(doc)} is not in workspace ${workspaceId}`)
  const rt = realtimeHandle()
  if (!rt) throw new Error('The realtime engine is not running in this process (attachRealtime was not called)')
  return { engine: rt.engine, parsed }
}

export const engineDocuments: LiveDocuments = {
  async change(workspaceId, doc, fn) {
    const { engine, parsed } = target(workspaceId, doc)
    return engine.change(parsed.name, parsed.workspaceId, fn)
  },
  async repair(workspaceId, doc) {
    const { engine, parsed } = target(workspaceId, doc)
    return engine.repair(parsed.name, parsed.workspaceId)
  },
}
