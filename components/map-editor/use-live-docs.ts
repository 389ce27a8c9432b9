'use client'

import { startTransition, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { openLiveDoc, type LiveDoc, type Ticket } from '@/components/live/open-live-doc'

export type Connection = 'connecting' | 'live' | 'offline'

export type { LiveDoc, Ticket }
/** Tickets the server issued with the page, so the first connect needs no round trip (single use, 60 s: any later connect fetches its own). */
export type InitialTickets = { catalog: Ticket; map: Ticket; issuedAt: number }

type State = { synced: boolean; connection: Connection; everSynced: boolean }

/** Watches a provider: connection status and whether it has synced at least once. */
function useProviderState(provider: WebsocketProvider | null): State {
  const [state, setState] = useState<State>({ synced: false, connection: 'connecting', everSynced: false })
  useEffect(() => {
    if (!provider) return
    const onStatus = ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) =>
      setState((s) => ({ ...s, connection: status === 'connected' ? (s.synced ? 'live' : 'connecting') : s.everSynced ? 'offline' : 'connecting', synced: status === 'connected' ? s.synced : false }))
    // A transition: the first sync draws a thousand cards, and React renders them in slices that leave the main thread free between them.
    const onSync = (synced: boolean) => startTransition(() => setState((s) => ({ synced, everSynced: s.everSynced || synced, connection: synced ? 'live' : s.connection })))
    provider.on('status', onStatus)
    provider.on('sync', onSync)
    return () => {
      provider.off('status', onStatus)
      provider.off('sync', onSync)
    }
  }, [provider])
  return state
}

/** How long a ticket issued with the page is worth trying (they live 60 s on the server; a stale one only costs a retry). */
const TICKET_FRESH_MS = 40_000

/**
 * The catalog and map documents, live. The map document connects at once; the
 * catalog (one per workspace, possibly thousands of touchpoints and megabytes
 * to apply) connects when `startCatalog()` is called, so the map can be shown
 * and worked on first. `mapReady`/`catalogReady` turn true once each has
 * synced with the server (never before); `ready` once both have.
 */
export function useLiveDocs(catalogDoc: string, mapDoc: string, initialTickets?: InitialTickets | null) {
  const [docs, setDocs] = useState<{ catalog: LiveDoc; map: LiveDoc; startCatalog: () => void } | null>(null)
  const [denied, setDenied] = useState(false)
  const tickets = useRef(initialTickets ?? null)
  useEffect(() => {
    const onDenied = () => setDenied(true)
    // Each page-issued ticket is used at most once (a remount, e.g. in development, fetches new ones).
    const fresh = tickets.current && Date.now() - tickets.current.issuedAt < TICKET_FRESH_MS ? tickets.current : null
    tickets.current = null
    const c = openLiveDoc(catalogDoc, onDenied, { initial: fresh?.catalog ?? null, deferred: true })
    const m = openLiveDoc(mapDoc, onDenied, { initial: fresh?.map ?? null })
    setDocs({ catalog: c.live, map: m.live, startCatalog: c.start })
    return () => {
      setDocs(null)
      c.close()
      m.close()
    }
  }, [catalogDoc, mapDoc])
  const cs = useProviderState(docs?.catalog.provider ?? null)
  const ms = useProviderState(docs?.map.provider ?? null)
  const mapReady = Boolean(docs && ms.everSynced)
  const catalogReady = Boolean(docs && cs.everSynced)
  const ready = mapReady && catalogReady
  const connection: Connection = !ready ? 'connecting' : cs.connection === 'live' && ms.connection === 'live' ? 'live' : cs.connection === 'offline' || ms.connection === 'offline' ? 'offline' : 'connecting'
  return { docs, ready, mapReady, catalogReady, connection, denied }
}

/** A version number that changes whenever the document changes (for re-reading it). */
export function useDocVersion(doc: Y.Doc | null): number {
  return useSyncExternalStore(
    (cb) => {
      if (!doc) return () => {}
      doc.on('update', cb)
      return () => doc.off('update', cb)
    },
    () => (doc ? versions.get(doc) ?? bump(doc) : 0),
    () => 0,
  )
}

const versions = new WeakMap<Y.Doc, number>()
const tracked = new WeakSet<Y.Doc>()
function bump(doc: Y.Doc): number {
  if (!tracked.has(doc)) {
    tracked.add(doc)
    doc.on('update', () => versions.set(doc, (versions.get(doc) ?? 0) + 1))
  }
  versions.set(doc, versions.get(doc) ?? 1)
  return versions.get(doc)!
}
