/**
 * Keeps the read model within about a second of the live documents: each
 * time a catalog or map document is stored, its projection runs (debounced,
 * one at a time per document).
 */
import { log } from '@/lib/log'
import type { Engine } from '@/realtime/engine'
import { parseDocName } from '@/realtime/doc-name'
import type { SharedDoc } from '@/realtime/shared-doc'
import { enqueue } from '@/lib/jobs/queue'
import { AUTO_VERSION_JOB, AUTO_VERSION_MS } from '@/lib/versions/versions'
import { projectCatalog, projectMap } from './projection'

const DEBOUNCE_MS = 150
const MAP_REST = /^map\.([0-9a-f-]{36})$/

export type Projector = { stop: () => void; idle: () => Promise<void> }

export function startProjector(engine: Engine): Projector {
  const timers = new Map<string, NodeJS.Timeout>()
  const running = new Map<string, Promise<void>>()
  // When this process last queued an automatic version of each map: a projection runs after every edit, so the
  // queue (which throttles across processes) is asked once a map and hour from here, not once an edit.
  const versionQueued = new Map<string, number>()
  const queueAutoVersion = (workspaceId: string, mapId: string) => {
    const now = Date.now()
    if (now - (versionQueued.get(mapId) ?? -Infinity) < AUTO_VERSION_MS) return null
    versionQueued.set(mapId, now)
    return enqueue(AUTO_VERSION_JOB, { workspaceId, mapId }, { singletonKey: mapId, singletonSeconds: AUTO_VERSION_MS / 1000 })
  }
  const again = new Set<string>()

  const run = (doc: SharedDoc) => {
    timers.delete(doc.name)
    if (running.has(doc.name)) {
      again.add(doc.name)
      return
    }
    const parsed = parseDocName(doc.name)
    if (!parsed) return
    const mapId = MAP_REST.exec(parsed.rest)?.[1]
    const job = (parsed.rest === 'catalog' ? projectCatalog(parsed.workspaceId, doc.ydoc) : mapId ? projectMap(parsed.workspaceId, mapId, doc.ydoc) : Promise.resolve())
      // An edited map gets an automatic version: at most one job per map and hour across processes (pg-boss throttling).
      .then(() => (mapId ? queueAutoVersion(parsed.workspaceId, mapId) : null))
      .then(() => undefined)
      .catch((err) => log.error('maps: projecting a document failed', { doc: doc.name, err: String(err) }))
      .finally(() => {
        running.delete(doc.name)
        if (again.delete(doc.name)) schedule(doc)
      })
    running.set(doc.name, job)
  }

  const schedule = (doc: SharedDoc) => {
    if (timers.has(doc.name)) return
    timers.set(doc.name, setTimeout(() => run(doc), DEBOUNCE_MS))
  }

  const off = engine.onStored(schedule)
  return {
    stop: () => {
      off()
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
    },
    /** Resolves when no projection is scheduled or running (tests). */
    idle: async () => {
      while (timers.size || running.size) await new Promise((r) => setTimeout(r, 20))
    },
  }
}
