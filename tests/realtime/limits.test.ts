import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import * as encoding from 'lib0/encoding'
import { inWorkspace } from '@/lib/db/tenant'
import { createTicket } from '@/realtime/tickets'
import { KEEPALIVE, MSG_QUERY_AWARENESS, MSG_SYNC, SYNC_UPDATE } from '@/realtime/protocol'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newDoc, newWorkspace, rawSocket, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

let t: TestDb
let srv: TestServer
let workspaceId: string
let editor: string
const clients: Client[] = []

beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer({ keepaliveMs: 200 })
  ;({ workspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

/** Two working editors on a document, plus an admitted raw socket on it. */
async function setup() {
  const doc = newDoc(workspaceId)
  const a = connectClient(editor, workspaceId, doc, srv.baseUrl)
  const b = connectClient(editor, workspaceId, doc, srv.baseUrl)
  clients.push(a, b)
  await Promise.all([synced(a), synced(b)])
  const raw = rawSocket(`ws://127.0.0.1:${srv.port}/realtime/${doc}?ticket=${await createTicket(editor, workspaceId, doc)}`)
  await waitFor(() => raw.frames.length > 0, 5000, 'admission')
  return { doc, a, b, raw }
}

/** The other clients of the document still work. */
async function othersStillWork(a: Client, b: Client, marker: string) {
  a.doc.getArray('log').push([marker])
  await waitFor(() => b.doc.getArray('log').toArray().includes(marker), 5000, 'the other clients to keep syncing')
  expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
}

const syncUpdate = (payload: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  encoding.writeVarUint(e, SYNC_UPDATE)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

describe(`limits on ${dbKind}`, () => {
  it('closes a connection that sends garbage bytes, and only that one', async () => {
    const { a, b, raw } = await setup()
    raw.ws.send(Buffer.from([0xff, 0xfe, 0x07, 0x01, 0x99]))
    expect((await raw.closed).code).toBe(1003)
    await othersStillWork(a, b, 'after garbage')
  })

  it('closes a connection that sends a malformed Yjs update', async () => {
    const { a, b, raw } = await setup()
    raw.ws.send(syncUpdate(new Uint8Array([0x05, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02])))
    expect([1003, 1008]).toContain((await raw.closed).code)
    await othersStillWork(a, b, 'after bad update')
  })

  it('closes a connection that sends an oversized frame (default limit 1 MiB)', async () => {
    const { a, b, raw } = await setup()
    raw.ws.send(Buffer.alloc(1024 * 1024 + 16, 1))
    expect((await raw.closed).code).toBe(1009)
    await othersStillWork(a, b, 'after oversized')
  })

  it('closes a connection that floods messages', async () => {
    const { a, b, raw } = await setup()
    const query = new Uint8Array([MSG_QUERY_AWARENESS])
    for (let i = 0; i < 5000; i++) raw.ws.send(query)
    expect((await raw.closed)).toMatchObject({ code: 1008, reason: 'rate limit exceeded' })
    expect(srv.rt.stats().closedForLimits).toBeGreaterThan(0)
    await othersStillWork(a, b, 'after flood')
  })

  it('closes a connection that sends too much before it is admitted', async () => {
    const doc = newDoc(workspaceId)
    const ticket = await createTicket(editor, workspaceId, doc)
    // Hold the ticket rows locked, so admission is still waiting on the database when the frames arrive.
    let locked!: () => void
    const isLocked = new Promise<void>((r) => (locked = r))
    const hold = inWorkspace(workspaceId, null, async (tx) => {
      await tx.execute(sql`select 1 from realtime_tickets where workspace_id = ${workspaceId} for update`)
      locked()
      await new Promise((r) => setTimeout(r, 800))
    })
    await isLocked
    const raw = rawSocket(`ws://127.0.0.1:${srv.port}/realtime/${doc}?ticket=${ticket}`)
    await raw.opened
    for (let i = 0; i < 100; i++) raw.ws.send(new Uint8Array([MSG_QUERY_AWARENESS]))
    expect(await raw.closed).toMatchObject({ code: 1008, reason: 'too many messages before admission' })
    expect(raw.frames).toEqual([])
    await hold
  })

  it('keeps idle connections alive with empty awareness messages', async () => {
    const { raw } = await setup()
    const before = raw.frames.length
    await new Promise((r) => setTimeout(r, 1100))
    const keepalives = raw.frames.slice(before).filter((f) => Buffer.from(f).equals(Buffer.from(KEEPALIVE)))
    expect(keepalives.length).toBeGreaterThanOrEqual(2)
    raw.ws.close()
  })
})
