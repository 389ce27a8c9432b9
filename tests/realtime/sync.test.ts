import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendUpdates, compactDoc, countLogRows, loadDocUpdate } from '@/realtime/doc-store'
import { withDocument } from '@/lib/documents/live-documents'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newDoc, newWorkspace, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

let t: TestDb
let srv: TestServer
let workspaceId: string
let editorA: string
let editorB: string
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
  editorA = await addMember(workspaceId, 'editor', 'Ada')
  editorB = await addMember(workspaceId, 'editor', 'Bob')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

const text = (c: Client) => c.doc.getText('t').toString()

describe(`sync through the engine on ${dbKind}`, () => {
  it('makes two providers converge, and gives a late joiner the whole state', async () => {
    const doc = newDoc(workspaceId)
    const a = client(editorA, workspaceId, doc, srv.baseUrl)
    const b = client(editorB, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(a), synced(b)])
    a.doc.getText('t').insert(0, 'hello ')
    b.doc.getMap('m').set('k', 1)
    await waitFor(() => text(b) === 'hello ' && a.doc.getMap('m').get('k') === 1, 5000, 'convergence')
    b.doc.getText('t').insert(6, 'world')
    await waitFor(() => text(a) === 'hello world', 5000, 'a sees b')

    const late = client(editorB, workspaceId, doc, srv.baseUrl)
    await synced(late)
    await waitFor(() => text(late) === 'hello world' && late.doc.getMap('m').get('k') === 1, 5000, 'late joiner state')
  })

  it('merges edits made offline when the client reconnects', async () => {
    const doc = newDoc(workspaceId)
    const a = client(editorA, workspaceId, doc, srv.baseUrl)
    const b = client(editorB, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(a), synced(b)])
    a.doc.getText('t').insert(0, 'base')
    await waitFor(() => text(b) === 'base')
    b.stop()
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(b.doc))
    offline.getArray('offline').push(['made offline'])
    a.doc.getArray('online').push(['made online'])
    const back = client(editorB, workspaceId, doc, srv.baseUrl, offline)
    await synced(back)
    await waitFor(() => a.doc.getArray('offline').length === 1 && back.doc.getArray('online').length === 1, 5000, 'offline merge')
    expect(a.doc.getArray('offline').toArray()).toEqual(['made offline'])
  })

  it('persists: a restarted engine serves the stored document, loaded once for concurrent joiners and never served empty', async () => {
    const doc = newDoc(workspaceId)
    const a = client(editorA, workspaceId, doc, srv.baseUrl)
    await synced(a)
    for (let i = 0; i < 50; i++) a.doc.getArray('items').push([i])
    await waitFor(() => srv.rt.stats().pendingWrites === 0 && srv.rt.engine.docs.get(doc)?.ydoc.getArray('items').length === 50)
    await srv.rt.engine.persistence.flush()
    a.stop()

    const fresh = await startRealtimeServer()
    try {
      const seenAtSync: number[] = []
      const joiners = Array.from({ length: 8 }, (_, i) => {
        const c = client(i % 2 ? editorA : editorB, workspaceId, doc, fresh.baseUrl)
        // At the moment a client counts as synced, it must already hold the stored content.
        c.provider.on('sync', (s: boolean) => s && seenAtSync.push(c.doc.getArray('items').length))
        return c
      })
      await Promise.all(joiners.map((c) => synced(c)))
      expect(seenAtSync).toEqual(Array(8).fill(50))
      expect(fresh.rt.stats().loads).toBe(1)
      for (const c of joiners) c.stop()
    } finally {
      await fresh.close()
    }
  })

  it('stores a reconnect storm of full-state re-sends without duplicate log rows', async () => {
    const doc = newDoc(workspaceId)
    const a = client(editorA, workspaceId, doc, srv.baseUrl)
    await synced(a)
    a.doc.getText('t').insert(0, 'content that every client already has')
    await waitFor(() => srv.rt.engine.docs.get(doc)?.ydoc.getText('t').length === a.doc.getText('t').length)
    await srv.rt.engine.persistence.flush()
    const before = await countLogRows(workspaceId, doc)
    const copies = Array.from({ length: 10 }, () => {
      const d = new Y.Doc()
      Y.applyUpdate(d, Y.encodeStateAsUpdate(a.doc))
      return client(editorB, workspaceId, doc, srv.baseUrl, d)
    })
    await Promise.all(copies.map((c) => synced(c)))
    await new Promise((r) => setTimeout(r, 300))
    await srv.rt.engine.persistence.flush()
    expect(await countLogRows(workspaceId, doc)).toBe(before)
  })

  it('compacts the log into a snapshot without losing anything', async () => {
    const doc = newDoc(workspaceId)
    const a = client(editorA, workspaceId, doc, srv.baseUrl)
    await synced(a)
    for (let i = 0; i < 30; i++) {
      a.doc.getArray('n').push([i])
      await new Promise((r) => setTimeout(r, 5))
      if (i % 10 === 9) await srv.rt.engine.persistence.flush()
    }
    await waitFor(() => srv.rt.engine.docs.get(doc)?.ydoc.getArray('n').length === 30)
    await srv.rt.engine.persistence.flush()
    const shared = srv.rt.engine.docs.get(doc)!
    await srv.rt.engine.compact(shared)
    expect(await countLogRows(workspaceId, doc)).toBe(0)
    a.stop()
    const fresh = await startRealtimeServer()
    try {
      const c = client(editorB, workspaceId, doc, fresh.baseUrl)
      await synced(c)
      expect(c.doc.getArray('n').toArray()).toEqual(Array.from({ length: 30 }, (_, i) => i))
      c.stop()
    } finally {
      await fresh.close()
    }
  })

  it('compacts by replaying the log (the multi-process path) and deletes exactly the rows it folded', async () => {
    const doc = newDoc(workspaceId)
    const src = new Y.Doc()
    const updates: Uint8Array[] = []
    src.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 12; i++) src.getArray('n').push([i])
    src.getArray('n').delete(0, 2)
    for (const u of updates) await appendUpdates(workspaceId, [{ doc, update: u }])
    expect(await compactDoc(workspaceId, doc)).toBe(13)
    expect(await countLogRows(workspaceId, doc)).toBe(0)
    await appendUpdates(workspaceId, [{ doc, update: Y.encodeStateAsUpdate(src) }])
    const stored = new Y.Doc()
    Y.applyUpdate(stored, await loadDocUpdate(workspaceId, doc))
    expect(stored.getArray('n').toArray()).toEqual(src.getArray('n').toArray())
  })

  it('applies server-side changes through the document API: live to editors, and stored', async () => {
    const doc = newDoc(workspaceId)
    const a = client(editorA, workspaceId, doc, srv.baseUrl)
    await synced(a)
    await withDocument(workspaceId, doc, (ydoc) => ydoc.getMap('owners').set('touchpoint-1', 'user-42'))
    await waitFor(() => a.doc.getMap('owners').get('touchpoint-1') === 'user-42', 5000, 'API change reaches the editor')
    expect(await countLogRows(workspaceId, doc)).toBeGreaterThan(0)
    await expect(withDocument(workspaceId, newDoc((await newWorkspace()).workspaceId), () => 1)).rejects.toThrow(/not in workspace/)
  })

  it('flushes and evicts idle documents', async () => {
    const idle = await startRealtimeServer({ idleEvictMs: 300 })
    try {
      const doc = newDoc(workspaceId)
      const a = client(editorA, workspaceId, doc, idle.baseUrl)
      await synced(a)
      a.doc.getText('t').insert(0, 'kept')
      await waitFor(() => idle.rt.engine.docs.get(doc)?.ydoc.getText('t').toString() === 'kept')
      a.stop()
      await waitFor(() => idle.rt.stats().docs === 0, 5000, 'eviction')
      expect(idle.rt.stats().pendingWrites).toBe(0)
      const b = client(editorB, workspaceId, doc, idle.baseUrl)
      await synced(b)
      expect(text(b)).toBe('kept')
      b.stop()
    } finally {
      await idle.close()
    }
  })
})
