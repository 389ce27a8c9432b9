'use client'

import { useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { readTouchpoint, touchpointsOf, type Touchpoint } from '@/lib/maps/doc-schema'
import { EMPTY_TOUCHPOINT } from '@/lib/maps/model'
import type { TouchpointLookup } from './logic'

/**
 * The catalog document read lazily and incrementally. A workspace catalog can
 * hold thousands of touchpoints while a map shows a fraction of them, so a
 * touchpoint is read from the document only when asked for, and kept until it
 * changes: a change re-reads only the touchpoints it touched, and unchanged
 * touchpoints keep their object (memoised cards skip re-rendering).
 */
export class CatalogIndex {
  private cache = new Map<string, Touchpoint>()
  private everything: Touchpoint[] | null = null
  private listeners = new Set<() => void>()
  version = 0

  private observing = false

  constructor(readonly doc: Y.Doc) {
    this.start()
  }

  /** (Re)starts watching the document; a no-op when watching. React may stop and start an effect twice in development. */
  start() {
    if (this.observing) return
    this.observing = true
    touchpointsOf(this.doc).observeDeep(this.onChange)
    if (this.cache.size || this.everything) {
      // Changes while not watching were missed: forget what was read.
      this.cache.clear()
      this.everything = null
      this.version++
      for (const l of this.listeners) l()
    }
  }

  get = (id: string): Touchpoint | undefined => {
    const hit = this.cache.get(id)
    if (hit) return hit
    const y = touchpointsOf(this.doc).get(id)
    if (!y) return undefined
    const tp = readTouchpoint(id, y)
    this.cache.set(id, tp)
    return tp
  }

  /** Every touchpoint (for picking one to place): read on first use, then kept up to date like the rest. */
  all(): Touchpoint[] {
    if (this.everything) return this.everything
    const out: Touchpoint[] = []
    for (const id of touchpointsOf(this.doc).keys()) out.push(this.get(id)!)
    this.everything = out
    return out
  }

  private onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const root = touchpointsOf(this.doc)
    for (const e of events) {
      if (e.target === root) for (const key of (e as Y.YMapEvent<unknown>).keysChanged) this.cache.delete(key)
      else {
        const id = e.path[0]
        if (typeof id === 'string') this.cache.delete(id)
      }
    }
    this.everything = null
    this.version++
    for (const l of this.listeners) l()
  }

  subscribe = (cb: () => void) => {
    this.listeners.add(cb)
    return () => {
      this.listeners.delete(cb)
    }
  }

  getVersion = () => this.version

  stop() {
    if (!this.observing) return
    this.observing = false
    touchpointsOf(this.doc).unobserveDeep(this.onChange)
  }
}

/** A placed touchpoint as the read model has it, for the cards' faces until the catalog document has synced. */
export type PreviewTouchpoint = Pick<Touchpoint, 'id' | 'name' | 'kind' | 'status' | 'ownerUserId' | 'ownerDepartmentId'>

export function previewCatalog(placed: PreviewTouchpoint[]): Map<string, Touchpoint> {
  return new Map(placed.map((p) => [p.id, { ...EMPTY_TOUCHPOINT, ...p, createdAt: '', updatedAt: '', updatedBy: null }]))
}

export type CatalogView = TouchpointLookup & {
  /** Every touchpoint of the catalog (empty until it has synced). */
  all: () => Touchpoint[]
  version: number
  /** Whether the catalog document has synced: before, touchpoints come from the read model's preview and cannot be edited. */
  ready: boolean
}

/**
 * A lookup that changes identity whenever a touchpoint changed (for memoised
 * readers), plus the whole list on demand. Until the catalog document has
 * synced, the preview (from the read model) answers.
 */
export function useCatalog(index: CatalogIndex, ready: boolean, preview: ReadonlyMap<string, Touchpoint>): CatalogView {
  const version = useSyncExternalStore(index.subscribe, index.getVersion, index.getVersion)
  return useMemo(
    () => (ready ? { get: index.get, all: () => index.all(), version, ready } : { get: (id: string) => preview.get(id), all: () => [], version, ready }),
    [index, version, ready, preview],
  )
}
