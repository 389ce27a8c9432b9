/**
 * Durability and scale-out with real processes: kill -9 after the group
 * commit window, SIGTERM inside it, and two processes sharing documents
 * through Redis. PostgreSQL only: PGlite is an in-process database that a
 * second process cannot open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { loadDocUpdate } from '@/realtime/doc-store'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newDoc, newWorkspace, synced, waitFor, type Client } from '../support/realtime'
import { startRealtimeProcess, type RealtimeProcess } from '../support/realtime-process'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const onPostgres = dbKind === 'postgres'

let t: TestDb
let workspaceId: string
let editor: string
const procs: RealtimeProcess[] = []
const clients: Client[] = []
const client = (...args: Parameters<typeof connectClient>) => {
  const c = connectClient(...args)
  clients.push(c)
  return c
}
const start = async (opts: { redis?: boolean; port?: number } = {}) => {
  const p = await startRealtimeProcess({ DATABASE_URL: t.url!, REDIS_URL: opts.redis ? REDIS_URL : undefined, port: opts.port })
  procs.push(p)
  return p
}
const stored = async (doc: string) => {
  const d = new Y.Doc()
  Y.applyUpdate(d, await loadDocUpdate(workspaceId, doc))
  return d
}

beforeAll(async () => {
  if (!onPostgres) return
  t = await openTestDatabase()
  ;({ workspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  for (const p of procs) await p.kill('SIGKILL')
  await t?.drop()
})

describe.skipIf(!onPostgres)('realtime processes on PostgreSQL (skipped on PGlite: a second process cannot open an in-process database)', () => {
  it('keeps every update after kill -9, 200 ms after the server received the last one', async () => {
    const p1 = await start()
    const doc = newDoc(workspaceId)
    const writer = client(editor, workspaceId, doc, p1.baseUrl)
    const observer = client(editor, workspaceId, doc, p1.baseUrl)
    await Promise.all([synced(writer), synced(observer)])
    for (let i = 0; i < 60; i++) {
      writer.doc.getArray('a').push([i])
      await new Promise((r) => setTimeout(r, 5))
    }
    // The observer holding the last update means the server received it.
    await waitFor(() => observer.doc.getArray('a').length === 60, 5000, 'the server to relay the last update')
    await new Promise((r) => setTimeout(r, 200))
    await p1.kill('SIGKILL')
    writer.stop()
    observer.stop()

    expect((await stored(doc)).getArray('a').toArray()).toEqual(Array.from({ length: 60 }, (_, i) => i))
    const p2 = await start({ port: p1.port })
    const fresh = client(editor, workspaceId, doc, p2.baseUrl)
    await synced(fresh)
    expect(fresh.doc.getArray('a').length).toBe(60)
  })

  it('flushes everything pending on SIGTERM and closes sockets so clients reconnect', async () => {
    const p1 = await start()
    const doc = newDoc(workspaceId)
    const writer = client(editor, workspaceId, doc, p1.baseUrl)
    const observer = client(editor, workspaceId, doc, p1.baseUrl)
    await Promise.all([synced(writer), synced(observer)])
    let closes = 0
    observer.provider.on('connection-close', () => closes++)
    writer.doc.getText('t').insert(0, 'inside the commit window')
    await waitFor(() => observer.doc.getText('t').toString() === 'inside the commit window')
    await p1.kill('SIGTERM')
    expect(p1.proc.exitCode).toBe(0)
    // The server closed the socket (a failed reconnect to the closing process may add more closes).
    expect(closes).toBeGreaterThanOrEqual(1)
    expect((await stored(doc)).getText('t').toString()).toBe('inside the commit window')
    // Clients come back to a new process on the same port.
    const p2 = await start({ port: p1.port })
    await waitFor(() => observer.provider.synced && writer.provider.synced, 10_000, 'reconnect')
    writer.doc.getText('t').insert(0, '+')
    await waitFor(() => observer.doc.getText('t').toString() === '+inside the commit window', 5000, 'sync after reconnect')
    void p2
  })

  it('makes clients on two processes converge through Redis; after one is killed its clients move to the other and nothing is lost', async () => {
    const [p1, p2] = await Promise.all([start({ redis: true }), start({ redis: true })])
    const doc = newDoc(workspaceId)
    const a = client(editor, workspaceId, doc, p1.baseUrl)
    const b = client(editor, workspaceId, doc, p2.baseUrl)
    await Promise.all([synced(a), synced(b)])
    a.doc.getText('t').insert(0, 'from p1 ')
    b.doc.getMap('m').set('from', 'p2')
    await waitFor(() => b.doc.getText('t').toString() === 'from p1 ' && a.doc.getMap('m').get('from') === 'p2', 10_000, 'cross-process convergence')
    b.provider.awareness.setLocalStateField('cursor', 7)
    await waitFor(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { cursor?: number } | undefined)?.cursor === 7, 10_000, 'cross-process presence')

    // A burst on p1, then p1 dies at once: probably before its group commit.
    for (let i = 0; i < 40; i++) a.doc.getArray('burst').push([i])
    await waitFor(() => b.doc.getArray('burst').length === 40, 10_000, 'the burst to cross')
    await p1.kill('SIGKILL')
    a.baseUrl.current = p2.baseUrl
    await waitFor(() => a.provider.synced && a.provider.wsconnected, 10_000, 'a to reconnect to p2')
    a.doc.getArray('burst').push(['after failover'])
    await waitFor(() => b.doc.getArray('burst').length === 41, 10_000, 'edits after failover')

    const expected = [...Array.from({ length: 40 }, (_, i) => i), 'after failover']
    await waitFor(async () => JSON.stringify((await stored(doc)).getArray('burst').toArray()) === JSON.stringify(expected), 15_000, 'everything to be stored')
    const s = await stored(doc)
    expect(s.getText('t').toString()).toBe('from p1 ')
    expect(s.getMap('m').get('from')).toBe('p2')
  })
})
