import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { createTicket } from '@/realtime/tickets'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newDoc, newWorkspace, rawSocket, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

/**
 * Presence cannot be hijacked: a viewer who claims a disconnected co-editor's
 * awareness client id (with a null entry, or a state) gets nothing, and the
 * co-editor who comes back with that id is seen as themselves.
 */
let t: TestDb
let srv: TestServer
let workspaceId: string
let editor: string
let viewer: string
let watcher: string
const clients: Client[] = []
const client = (...args: Parameters<typeof connectClient>) => {
  const c = connectClient(...args)
  clients.push(c)
  return c
}
beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer()
  ;({ workspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor', 'Edna')
  viewer = await addMember(workspaceId, 'viewer', 'Mallory')
  watcher = await addMember(workspaceId, 'editor', 'Watcher')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

/** A y-websocket awareness message with the given entries. */
function awarenessMessage(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const u = encoding.createEncoder()
  encoding.writeVarUint(u, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(u, e.clientId)
    encoding.writeVarUint(u, e.clock)
    encoding.writeVarString(u, JSON.stringify(e.state))
  }
  const m = encoding.createEncoder()
  encoding.writeVarUint(m, 1)
  encoding.writeVarUint8Array(m, encoding.toUint8Array(u))
  return encoding.toUint8Array(m)
}

type Seen = { user?: { id?: string }; cursor?: unknown; evil?: unknown } | undefined

describe(`presence ownership on ${dbKind}`, () => {
  it("a viewer cannot claim a disconnected co-editor's client id; the co-editor comes back as themselves", async () => {
    const doc = newDoc(workspaceId)
    const watch = client(watcher, workspaceId, doc, srv.baseUrl)
    await synced(watch)
    const first = client(editor, workspaceId, doc, srv.baseUrl)
    await synced(first)
    const id = first.doc.clientID
    first.provider.awareness.setLocalStateField('cursor', 1)
    await waitFor(() => (watch.provider.awareness.getStates().get(id) as Seen)?.cursor === 1, 5000, 'the editor seen')
    first.stop()
    await waitFor(() => !watch.provider.awareness.getStates().has(id), 5000, 'the editor gone')

    const mallory = rawSocket(`ws://127.0.0.1:${srv.port}/realtime/${doc}?ticket=${await createTicket(viewer, workspaceId, doc)}`)
    expect(await mallory.opened).toBe(true)
    // Sync step 1 with an empty state vector: the answer shows the viewer is admitted.
    mallory.ws.send(new Uint8Array([0, 0, 1, 0]))
    await waitFor(() => mallory.frames.length > 0, 5000, 'the viewer admitted')
    mallory.ws.send(awarenessMessage([{ clientId: id, clock: 100, state: null }]))
    mallory.ws.send(awarenessMessage([{ clientId: id, clock: 101, state: { evil: true, cursor: 'mallory' } }]))
    await new Promise((r) => setTimeout(r, 300))
    expect(watch.provider.awareness.getStates().has(id)).toBe(false)

    // The co-editor reconnects with the same client id (y-websocket keeps it).
    const ydoc = new Y.Doc()
    ydoc.clientID = id
    const back = client(editor, workspaceId, doc, srv.baseUrl, ydoc)
    // A provider that reconnects keeps its awareness clock; this one is new, so carry the clock on.
    back.provider.awareness.meta.set(id, { clock: 50, lastUpdated: Date.now() })
    await synced(back)
    back.provider.awareness.setLocalStateField('cursor', 2)
    await waitFor(() => (watch.provider.awareness.getStates().get(id) as Seen)?.cursor === 2, 5000, 'the editor seen again')
    const seen = watch.provider.awareness.getStates().get(id) as Seen
    expect(seen?.user?.id).toBe(editor)
    expect(seen?.evil).toBeUndefined()

    // While the co-editor is here, the viewer can neither write nor remove that id.
    mallory.ws.send(awarenessMessage([{ clientId: id, clock: 10_000, state: { evil: true } }]))
    mallory.ws.send(awarenessMessage([{ clientId: id, clock: 10_001, state: null }]))
    await new Promise((r) => setTimeout(r, 300))
    expect((watch.provider.awareness.getStates().get(id) as Seen)?.cursor).toBe(2)
    mallory.ws.close()
  })
})
