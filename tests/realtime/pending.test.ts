import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { listActivity } from '@/lib/activity/list-activity'
import { getMembership, person } from '@/lib/auth/membership'
import { ForbiddenError } from '@/lib/errors'
import { createMap } from '@/lib/maps/maps'
import { repairMap } from '@/lib/maps/repair-map'
import { loadDocUpdate, rewriteSnapshot } from '@/realtime/doc-store'
import { pendingBytes } from '@/realtime/pending'
import { createTicket } from '@/realtime/tickets'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newDoc, newWorkspace, rawSocket, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

/**
 * "Pending" updates: well-formed updates that depend on a clock the server
 * never received. An editor can send them on purpose; the engine bounds them,
 * drops them, closes the socket that sent them, never stores them, and an
 * admin can repair a document stored with them before this was so.
 */
let t: TestDb
let srv: TestServer
let workspaceId: string
let ownerId: string
let editor: string
const clients: Client[] = []
const LIMITS = { maxPendingBytesPerConnection: 64 * 1024, maxPendingBytesPerDoc: 256 * 1024, maxPendingAgeMs: 400 }

beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer({ limits: LIMITS })
  ;({ workspaceId, ownerId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

/** An update that cannot integrate: its first half (which it depends on) is never sent. `bytes` of text. */
function orphanUpdate(bytes: number): Uint8Array {
  const d = new Y.Doc()
  const text = d.getText('poison')
  text.insert(0, 'x')
  const before = Y.encodeStateVector(d)
  text.insert(1, 'y'.repeat(bytes))
  return Y.encodeStateAsUpdate(d, before)
}

/** A y-websocket "update" message. */
function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

async function editorSocket(doc: string) {
  const s = rawSocket(`ws://127.0.0.1:${srv.port}/realtime/${doc}?ticket=${await createTicket(editor, workspaceId, doc)}`)
  await waitFor(() => s.frames.length > 0, 5000, 'sync from the server')
  return s
}

const loaded = (doc: string) => srv.rt.engine.docs.get(doc)!

describe(`pending updates on ${dbKind}`, () => {
  it('closes a socket whose updates pile up pending data over its bound, drops the data, and other editors carry on', async () => {
    const doc = newDoc(workspaceId)
    const a = connectClient(editor, workspaceId, doc, srv.baseUrl)
    const b = connectClient(editor, workspaceId, doc, srv.baseUrl)
    clients.push(a, b)
    await synced(a)
    await synced(b)
    const before = srv.rt.stats()
    const attacker = await editorSocket(doc)
    for (let i = 0; i < 5; i++) attacker.ws.send(updateMessage(orphanUpdate(20 * 1024)))
    expect((await attacker.closed).code).toBe(1008)
    expect(pendingBytes(loaded(doc).ydoc)).toBe(0)
    const after = srv.rt.stats()
    expect(after.closedForPending - before.closedForPending).toBe(1)
    expect(after.pendingBytesDropped).toBeGreaterThan(before.pendingBytesDropped)
    a.doc.getMap('m').set('k', 'after the attack')
    await waitFor(() => b.doc.getMap('m').get('k') === 'after the attack', 5000, 'an edit after the attack')
    expect(b.doc.getText('poison').toString()).toBe('')
  })

  it('drops pending data that waits longer than its bound, closing the socket that sent it; never sends it to others or stores it', async () => {
    const doc = newDoc(workspaceId)
    const attacker = await editorSocket(doc)
    attacker.ws.send(updateMessage(orphanUpdate(4 * 1024)))
    await waitFor(() => pendingBytes(loaded(doc).ydoc) > 0, 5000, 'pending data')
    // Meanwhile a newcomer's first sync and the stored document carry none of it.
    const c = connectClient(editor, workspaceId, doc, srv.baseUrl)
    clients.push(c)
    await synced(c)
    expect(pendingBytes(c.doc)).toBe(0)
    await srv.rt.engine.compact(loaded(doc))
    const stored = new Y.Doc()
    Y.applyUpdate(stored, await loadDocUpdate(workspaceId, doc))
    expect(pendingBytes(stored)).toBe(0)
    expect((await attacker.closed).code).toBe(1008)
    expect(pendingBytes(loaded(doc).ydoc)).toBe(0)
  })

  it('repairs a document stored with pending data (as compaction wrote it before): poisoned, restarted, repaired', async () => {
    const doc = newDoc(workspaceId)
    const writer = connectClient(editor, workspaceId, doc, srv.baseUrl)
    clients.push(writer)
    await synced(writer)
    writer.doc.getMap('m').set('kept', 'yes')
    await waitFor(async () => {
      const d = new Y.Doc()
      Y.applyUpdate(d, await loadDocUpdate(workspaceId, doc))
      return d.getMap('m').get('kept') === 'yes'
    }, 5000, 'stored edit')
    writer.stop()
    // The poisoned snapshot: state plus 600 KB of pending structs, as `encodeStateAsUpdate` used to write it.
    const poisoned = new Y.Doc()
    Y.applyUpdate(poisoned, await loadDocUpdate(workspaceId, doc))
    Y.applyUpdate(poisoned, orphanUpdate(600 * 1024))
    expect(pendingBytes(poisoned)).toBeGreaterThan(600 * 1024)
    await rewriteSnapshot(workspaceId, doc, () => Y.encodeStateAsUpdate(poisoned))
    const storedBefore = (await loadDocUpdate(workspaceId, doc)).byteLength

    // Restart: the process loads the poisoned document.
    await srv.close()
    srv = await startRealtimeServer({ limits: { ...LIMITS, maxPendingAgeMs: 60_000 } })
    const reader = connectClient(editor, workspaceId, doc, srv.baseUrl)
    clients.push(reader)
    await synced(reader)
    expect(srv.rt.stats().pendingBytes).toBeGreaterThan(600 * 1024)

    const result = await srv.rt.engine.repair(doc, workspaceId)
    expect(result.droppedBytes).toBeGreaterThan(600 * 1024)
    expect(srv.rt.stats().pendingBytes).toBe(0)
    const repaired = await loadDocUpdate(workspaceId, doc)
    expect(repaired.byteLength).toBeLessThan(storedBefore / 10)
    const check = new Y.Doc()
    Y.applyUpdate(check, repaired)
    expect(pendingBytes(check)).toBe(0)
    expect(check.getMap('m').get('kept')).toBe('yes')

    // Restarted again, the document loads clean.
    reader.stop()
    await srv.close()
    srv = await startRealtimeServer({ limits: LIMITS })
    const again = connectClient(editor, workspaceId, doc, srv.baseUrl)
    clients.push(again)
    await synced(again)
    expect(again.doc.getMap('m').get('kept')).toBe('yes')
    expect(srv.rt.stats().pendingBytes).toBe(0)
  })

  it("a workspace admin repairs a map from the settings (an editor may not), and the activity log says so", async () => {
    const owner = (await getMembership(person(ownerId), { id: workspaceId }))!
    const editorCtx = (await getMembership(person(editor), { id: workspaceId }))!
    const map = await createMap(owner, { name: 'Poisoned journey', template: 'blank' })
    const poisoned = new Y.Doc()
    Y.applyUpdate(poisoned, await loadDocUpdate(workspaceId, map.doc))
    Y.applyUpdate(poisoned, orphanUpdate(50 * 1024))
    await srv.rt.engine.evict(srv.rt.engine.docs.get(map.doc)!)
    await rewriteSnapshot(workspaceId, map.doc, () => Y.encodeStateAsUpdate(poisoned))
    await expect(repairMap(editorCtx, map.id)).rejects.toBeInstanceOf(ForbiddenError)
    const result = await repairMap(owner, map.id)
    expect(result.droppedBytes).toBeGreaterThan(50 * 1024)
    const check = new Y.Doc()
    Y.applyUpdate(check, await loadDocUpdate(workspaceId, map.doc))
    expect(pendingBytes(check)).toBe(0)
    expect((await listActivity(owner, { limit: 5 })).map((e) => e.action)).toContain('map.repaired')
  })
})
