import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { signal, signalsDocName } from '@/lib/live/signals'
import { countLogRows } from '@/realtime/doc-store'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newWorkspace, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

let t: TestDb
let srv: TestServer
let workspaceId: string
let owner: string
const clients: Client[] = []
const client = (...args: Parameters<typeof connectClient>) => {
  const c = connectClient(...args)
  clients.push(c)
  return c
}

beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer()
  ;({ workspaceId, ownerId: owner } = await newWorkspace())
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

describe(`live signals on ${dbKind}`, () => {
  it('reach a member watching the signals document, coalesced into one change per burst', async () => {
    const viewer = await addMember(workspaceId, 'viewer')
    const c = client(viewer, workspaceId, signalsDocName(workspaceId), srv.baseUrl)
    await synced(c)
    const seen: string[][] = []
    c.doc.getMap('signals').observe((e) => seen.push([...e.keysChanged].sort()))
    for (let i = 0; i < 100; i++) signal(workspaceId, 'insights')
    signal(workspaceId, 'notifications', viewer)
    await waitFor(() => seen.length > 0, 5000, 'a signal')
    await new Promise((r) => setTimeout(r, 400))
    expect(seen).toEqual([['insights', `notifications:${viewer}`]])
  })

  it('cannot be written by any client, not even the owner', async () => {
    const doc = signalsDocName(workspaceId)
    const c = client(owner, workspaceId, doc, srv.baseUrl)
    await synced(c)
    const before = await countLogRows(workspaceId, doc)
    c.doc.getMap('signals').set('insights', 1)
    c.doc.getMap('signals').set('forged', 1)
    // A second member's view of the document never receives the forged keys.
    const other = client(await addMember(workspaceId, 'admin'), workspaceId, doc, srv.baseUrl, new Y.Doc())
    await synced(other)
    await new Promise((r) => setTimeout(r, 300))
    expect(other.doc.getMap('signals').has('forged')).toBe(false)
    expect(await countLogRows(workspaceId, doc)).toBe(before)
  })
})
