/**
 * Owners of touchpoints at the socket: an editor's update that sets or clears
 * an owner is never applied, stored or broadcast; a manager's is; an editor's
 * other edits (and new touchpoints, which start without an owner) still work.
 * Real sockets, stock y-websocket clients, real tickets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addTouchpoint, catalogDocName, readTouchpoint, touchpointsOf, updateTouchpoint } from '@/lib/maps/doc-schema'
import { countLogRows } from '@/realtime/doc-store'
import { withDocument } from '@/lib/documents/live-documents'
import { changesOwner } from '@/realtime/owner-guard'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newWorkspace, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

let t: TestDb
let srv: TestServer
let workspaceId: string
let editor: string
let manager: string
let viewer: string
let doc: string
let tpId: string
const clients: Client[] = []
const client = (...args: Parameters<typeof connectClient>) => {
  const c = connectClient(...args)
  clients.push(c)
  return c
}
const serverDoc = () => srv.rt.engine.docs.get(doc)!.ydoc
const serverTp = (id = tpId) => readTouchpoint(id, touchpointsOf(serverDoc()).get(id)!)
const settle = async () => {
  await new Promise((r) => setTimeout(r, 300))
  await srv.rt.engine.persistence.flush()
}

beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer()
  ;({ workspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor', 'Eddie')
  manager = await addMember(workspaceId, 'manager', 'Max')
  viewer = await addMember(workspaceId, 'viewer', 'Vera')
  doc = catalogDocName(workspaceId)
  await withDocument(workspaceId, doc, (d) => {
    tpId = addTouchpoint(d, { name: 'Invoice email' }, manager)
  })
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

describe(`touchpoint owners at the socket on ${dbKind}`, () => {
  it("drops an editor's owner assignment: not applied, stored or broadcast", async () => {
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    const watcher = client(viewer, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(e), synced(watcher)])
    await settle()
    const rows = await countLogRows(workspaceId, doc)
    const dropped = srv.rt.stats().readonlyDropped
    // The raw Yjs write a patched client would send: the owner field of an existing touchpoint.
    touchpointsOf(e.doc).get(tpId)!.set('ownerUserId', editor)
    await waitFor(() => srv.rt.stats().readonlyDropped > dropped, 5000, 'the server to drop the update')
    await settle()
    expect(serverTp().ownerUserId).toBeNull()
    expect(readTouchpoint(tpId, touchpointsOf(watcher.doc).get(tpId)!).ownerUserId).toBeNull()
    expect(await countLogRows(workspaceId, doc)).toBe(rows)
    e.stop()
    watcher.stop()
  })

  it("applies a manager's assignment and broadcasts it to an open editor", async () => {
    const m = client(manager, workspaceId, doc, srv.baseUrl)
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(m), synced(e)])
    updateTouchpoint(m.doc, tpId, { ownerUserId: editor }, manager)
    await waitFor(() => touchpointsOf(e.doc).get(tpId)?.get('ownerUserId') === editor, 5000, 'the editor to see the owner')
    expect(serverTp().ownerUserId).toBe(editor)
    m.stop()
    e.stop()
  })

  it("drops an editor's clearing of an owner (setting null or deleting the key)", async () => {
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    await synced(e)
    await waitFor(() => touchpointsOf(e.doc).get(tpId)?.get('ownerUserId') === editor)
    let dropped = srv.rt.stats().readonlyDropped
    updateTouchpoint(e.doc, tpId, { ownerUserId: null }, editor)
    await waitFor(() => srv.rt.stats().readonlyDropped > dropped, 5000, 'the null to be dropped')
    expect(serverTp().ownerUserId).toBe(editor)
    e.stop()

    const e2 = client(editor, workspaceId, doc, srv.baseUrl)
    await synced(e2)
    dropped = srv.rt.stats().readonlyDropped
    touchpointsOf(e2.doc).get(tpId)!.delete('ownerUserId')
    await waitFor(() => srv.rt.stats().readonlyDropped > dropped, 5000, 'the deletion to be dropped')
    await settle()
    expect(serverTp().ownerUserId).toBe(editor)
    e2.stop()
  })

  it("keeps an editor's other edits and new touchpoints (which start without an owner)", async () => {
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    const watcher = client(viewer, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(e), synced(watcher)])
    const dropped = srv.rt.stats().readonlyDropped
    updateTouchpoint(e.doc, tpId, { name: 'Invoice email (new layout)', channel: 'Email' }, editor)
    const newId = addTouchpoint(e.doc, { name: 'Checkout page', onsitePage: true }, editor)
    await waitFor(() => touchpointsOf(watcher.doc).has(newId) && serverTp().name === 'Invoice email (new layout)', 5000, 'the edits to arrive')
    expect(serverTp().ownerUserId).toBe(editor)
    expect(serverTp(newId)).toMatchObject({ name: 'Checkout page', ownerUserId: null, ownerDepartmentId: null })
    expect(srv.rt.stats().readonlyDropped).toBe(dropped)
    // A new touchpoint that arrives with an owner is an assignment too.
    const before = srv.rt.stats().readonlyDropped
    const sneaky = addTouchpoint(e.doc, { name: 'Sneaky', ownerUserId: editor }, editor)
    await waitFor(() => srv.rt.stats().readonlyDropped > before, 5000, 'the owned new touchpoint to be dropped')
    expect(touchpointsOf(serverDoc()).has(sneaky)).toBe(false)
    e.stop()
    watcher.stop()
  })

  it('tells owner changes from other edits without applying them', () => {
    const server = new Y.Doc()
    const id = addTouchpoint(server, { name: 'Store' }, null)
    const state = Y.encodeStateAsUpdate(server)
    const fork = () => {
      const d = new Y.Doc()
      Y.applyUpdate(d, state)
      return d
    }
    const diff = (mutate: (d: Y.Doc) => void) => {
      const d = fork()
      const sv = Y.encodeStateVector(server)
      mutate(d)
      return Y.encodeStateAsUpdate(d, sv)
    }
    expect(changesOwner(server, diff((d) => updateTouchpoint(d, id, { ownerDepartmentId: crypto.randomUUID() }, null)))).toBe(true)
    expect(changesOwner(server, diff((d) => updateTouchpoint(d, id, { description: 'Glass front' }, null)))).toBe(false)
    expect(changesOwner(server, diff((d) => addTouchpoint(d, { name: 'Van' }, null)))).toBe(false)
    // Replacing a touchpoint wholesale while it has no owner is not an owner change; with one, it is.
    expect(changesOwner(server, diff((d) => touchpointsOf(d).delete(id)))).toBe(false)
    updateTouchpoint(server, id, { ownerUserId: 'u1' }, null)
    const owned = Y.encodeStateAsUpdate(server)
    const d2 = new Y.Doc()
    Y.applyUpdate(d2, owned)
    const sv = Y.encodeStateVector(server)
    addTouchpoint(d2, { name: 'Replacement' }, null, id)
    expect(changesOwner(server, Y.encodeStateAsUpdate(d2, sv))).toBe(true)
    expect(serverTpOf(server, id).ownerUserId).toBe('u1')
  })
})

const serverTpOf = (d: Y.Doc, id: string) => readTouchpoint(id, touchpointsOf(d).get(id)!)
