'use client'

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { connectWithTickets } from '@/realtime/client-tickets'

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
export function openLiveDoc(name: string, onDenied: () => void): { live: LiveDoc; close: () => void } {
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
