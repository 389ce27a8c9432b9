'use client'

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { connectWithTickets } from '@/realtime/client-tickets'

export type LiveDoc = { doc: Y.Doc; provider: WebsocketProvider }

/** A ticket to connect to one live document (POST /api/realtime/tickets): the socket's URL and its query parameters. */
export type Ticket = { url: string; params: Record<string, string> }

async function fetchTicket(doc: string, onDenied: () => void): Promise<Ticket | null> {
  const res = await fetch('/api/realtime/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doc }) })
  // Gone (removed from the workspace, or signed out): stop reconnecting.
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    onDenied()
    return null
  }
  if (!res.ok) throw new Error(`ticket ${res.status}`)
  return (await res.json()) as Ticket
}

export type OpenLiveDocOptions = {
  /** A ticket issued with the page, used for the first connect only (single use; every later connect fetches its own). */
  initial?: Ticket | null
  /** Do not connect until `start()` is called (e.g. a big document that must not hold back a smaller one). */
  deferred?: boolean
}

/**
 * One live document: a Y.Doc synced by a stock y-websocket provider that gets
 * a fresh ticket for every (re)connect. Connects at once unless `deferred`;
 * `start()` is then a no-op (and after `close()` too).
 */
export function openLiveDoc(name: string, onDenied: () => void, options: OpenLiveDocOptions = {}): { live: LiveDoc; start: () => void; close: () => void } {
  const doc = new Y.Doc()
  // The URL is replaced by the ticket's before the first connect.
  const provider = new WebsocketProvider('ws://localhost', name, doc, { connect: false, disableBc: true })
  let first = options.initial ?? null
  let stop: (() => void) | null = null
  let closed = false
  const start = () => {
    if (stop || closed) return
    stop = connectWithTickets(provider, () => {
      const t = first
      first = null
      return t ? Promise.resolve(t) : fetchTicket(name, onDenied)
    })
  }
  if (!options.deferred) start()
  return {
    live: { doc, provider },
    start,
    close: () => {
      closed = true
      stop?.()
      provider.destroy()
      doc.destroy()
    },
  }
}
