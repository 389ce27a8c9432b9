/**
 * Live signals: "something changed, re-read it". Pages that show SQL data
 * (the insight feed, the notification bell, scores) subscribe to the
 * workspace's signals document `ws.<id>.signals` (read-only for clients,
 * realtime/doc-name.ts) and refetch when their key changes. The data itself
 * never travels this way, only the fact that it changed, so access rules stay
 * with the routes that serve the data.
 *
 * Signals are coalesced per workspace (SIGNAL_WINDOW_MS): a burst of a
 * thousand inserts is one change of the document.
 */
import { log } from '@/lib/log'
import { docName } from '@/realtime/doc-name'
import { withDocument } from '@/lib/documents/live-documents'
import { realtimeHandle } from '@/realtime/handle'

/** 'maps': the read model of a map or the catalog changed (the projection committed). */
export type SignalTopic = 'insights' | 'notifications' | 'scores' | 'ownership' | 'comments' | 'maps' | 'audits' | 'personas' | 'metrics' | 'webhooks' | 'interactions'

export const SIGNAL_WINDOW_MS = 150
export const signalsDocName = (workspaceId: string) => docName(workspaceId, 'signals')
/** The key a topic (and, for per-person topics, a user id or subject) is stored under. */
export const signalKey = (topic: string, key?: string) => (key ? `${topic}:${key}` : topic)

const g = globalThis as unknown as { __touchmapSignals?: Map<string, Set<string>>; __touchmapSignalFlushes?: Set<Promise<void>> }
const pending = (g.__touchmapSignals ??= new Map())
const flushing = (g.__touchmapSignalFlushes ??= new Set())

/** Marks `topic` (or `topic:key`) as changed in the workspace; delivered within about SIGNAL_WINDOW_MS. Never throws. */
export function signal(workspaceId: string, topic: SignalTopic, key?: string): void {
  if (!realtimeHandle()) return // no engine in this process (a script, a unit test): nobody is listening here
  let keys = pending.get(workspaceId)
  if (!keys) {
    keys = new Set()
    pending.set(workspaceId, keys)
    let done: () => void = () => {}
    const p = new Promise<void>((resolve) => (done = resolve))
    flushing.add(p)
    setTimeout(() => void flush(workspaceId).finally(() => (flushing.delete(p), done())), SIGNAL_WINDOW_MS).unref?.()
  }
  keys.add(signalKey(topic, key))
}

/** Resolves once every signal raised so far has been written (tests that compare database states). */
export async function signalsSettled(): Promise<void> {
  while (flushing.size) await Promise.all([...flushing])
}

async function flush(workspaceId: string): Promise<void> {
  const keys = pending.get(workspaceId)
  pending.delete(workspaceId)
  // The engine may have closed meanwhile (shutdown): nobody is left to tell.
  if (!keys?.size || !realtimeHandle()) return
  try {
    await withDocument(workspaceId, signalsDocName(workspaceId), (doc) => {
      const map = doc.getMap<number>('signals')
      const now = Date.now()
      doc.transact(() => {
        for (const k of keys) map.set(k, Math.max(now, (map.get(k) ?? 0) + 1))
      })
    })
  } catch (err) {
    log.warn('live signal not delivered', { workspaceId, keys: [...keys], err: String(err) })
  }
}
