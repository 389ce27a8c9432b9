'use client'

import { useEffect, useState, useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { connectWithTickets } from '@/realtime/client-tickets'

export type Connection = 'connecting' | 'live' | 'offline'

export type LiveDoc = { doc: Y.Doc; provider: WebsocketProvider }

async function fetchTicket(doc: string, onDenied: () => void): Promise<{ url: string; params: Record<string, string> } | null> {
  const res = await fetch('/api/realtime/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doc }) })
  // Gone (removed from the workspace, or signed out): stop reconnecting.
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    onDenied()
    return null
  }
  if (!res.ok) throw new Error(`ticket ${res.status}`)
  return (await res.json()) as { url: string; params: Record<string, string> }
}

/** One live document: a Y.Doc synced by a stock y-websocket provider that gets a fresh ticket for every (re)connect. */
function openLiveDoc(name: string, onDenied: () => void): { live: LiveDoc; close: () => void } {
  const doc = new Y.Doc()
  // The URL is replaced by the ticket's before the first connect.
  const provider = new WebsocketProvider('ws://localhost', name, doc, { connect: false, disableBc: true })
  const stop = connectWithTickets(provider, () => fetchTicket(name, onDenied))
  return {
    live: { doc, provider },
    close: () => {
      stop()
      provider.destroy()
      doc.destroy()
    },
  }
}

type State = { synced: boolean; connection: Connection; everSynced: boolean }

/** Watches a provider: connection status and whether it has synced at least once. */
function useProviderState(provider: WebsocketProvider | null): State {
  const [state, setState] = useState<State>({ synced: false, connection: 'connecting', everSynced: false })
  useEffect(() => {
    if (!provider) return
    const onStatus = ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) =>
      setState((s) => ({ ...s, connection: status === 'connected' ? (s.synced ? 'live' : 'connecting') : s.everSynced ? 'offline' : 'connecting', synced: status === 'connected' ? s.synced : false }))
    const onSync = (synced: boolean) => setState((s) => ({ synced, everSynced: s.everSynced || synced, connection: synced ? 'live' : s.connection }))
    provider.on('status', onStatus)
    provider.on('sync', onSync)
    return () => {
      provider.off('status', onStatus)
      provider.off('sync', onSync)
    }
  }, [provider])
  return state
}

/** The catalog and map documents, live. `ready` turns true once both have synced with the server (never before). */
export function useLiveDocs(catalogDoc: string, mapDoc: string) {
  const [docs, setDocs] = useState<{ catalog: LiveDoc; map: LiveDoc } | null>(null)
  const [denied, setDenied] = useState(false)
  useEffect(() => {
    const onDenied = () => setDenied(true)
    const c = openLiveDoc(catalogDoc, onDenied)
    const m = openLiveDoc(mapDoc, onDenied)
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the providers exist only while mounted
    setDocs({ catalog: c.live, map: m.live })
    return () => {
      setDocs(null)
      c.close()
      m.close()
    }
  }, [catalogDoc, mapDoc])
  const cs = useProviderState(docs?.catalog.provider ?? null)
  const ms = useProviderState(docs?.map.provider ?? null)
  const ready = Boolean(docs && cs.everSynced && ms.everSynced)
  const connection: Connection = !ready ? 'connecting' : cs.connection === 'live' && ms.connection === 'live' ? 'live' : cs.connection === 'offline' || ms.connection === 'offline' ? 'offline' : 'connecting'
  return { docs, ready, connection, denied }
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
