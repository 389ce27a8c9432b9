import { eq, and } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberships } from '@/db/schema'
import { getMembership, person } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { issueTicket } from '@/lib/realtime/issue-ticket'
import { countLogRows } from '@/realtime/doc-store'
import { notifyMembershipChanged } from '@/realtime/handle'
import { createTicket } from '@/realtime/tickets'
import { prometheusText } from '@/realtime/metrics'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, connectClient, newDoc, newWorkspace, rawSocket, startRealtimeServer, synced, waitFor, type Client, type TestServer } from '../support/realtime'

let t: TestDb
let srv: TestServer
let workspaceId: string
let otherWorkspaceId: string
let editor: string
const clients: Client[] = []
const client = (...args: Parameters<typeof connectClient>) => {
  const c = connectClient(...args)
  clients.push(c)
  return c
}
const wsUrl = (doc: string, ticket?: string) => `ws://127.0.0.1:${srv.port}/realtime/${doc}${ticket ? `?ticket=${ticket}` : ''}`

beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer()
  ;({ workspaceId } = await newWorkspace())
  ;({ workspaceId: otherWorkspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await srv?.close()
  await t?.drop()
})

/** The socket must close without a single frame of document data. */
async function expectRefused(url: string, origin?: string | null) {
  const s = rawSocket(url, origin)
  const result = await s.closed
  expect(s.frames).toEqual([])
  return result
}

describe(`admission on ${dbKind}`, () => {
  it('admits a fresh ticket and sends the document', async () => {
    const doc = newDoc(workspaceId)
    const ticket = await createTicket(editor, workspaceId, doc)
    const s = rawSocket(wsUrl(doc, ticket))
    await waitFor(() => s.frames.length > 0, 5000, 'sync step 1 from the server')
    s.ws.close()
  })

  it('refuses a socket without a ticket', async () => {
    expect((await expectRefused(wsUrl(newDoc(workspaceId)))).code).toBe(4401)
  })

  it('refuses an expired ticket', async () => {
    const doc = newDoc(workspaceId)
    const ticket = await createTicket(editor, workspaceId, doc, 1)
    await new Promise((r) => setTimeout(r, 50))
    expect(await expectRefused(wsUrl(doc, ticket))).toMatchObject({ code: 4401, reason: 'ticket expired' })
  })

  it('refuses a reused ticket', async () => {
    const doc = newDoc(workspaceId)
    const ticket = await createTicket(editor, workspaceId, doc)
    const first = rawSocket(wsUrl(doc, ticket))
    await waitFor(() => first.frames.length > 0)
    expect(await expectRefused(wsUrl(doc, ticket))).toMatchObject({ code: 4401, reason: 'ticket unknown' })
    first.ws.close()
  })

  it("refuses another document's ticket", async () => {
    const ticket = await createTicket(editor, workspaceId, newDoc(workspaceId))
    expect(await expectRefused(wsUrl(newDoc(workspaceId), ticket))).toMatchObject({ code: 4401, reason: 'ticket other-document' })
  })

  it("refuses another workspace's document, at the ticket and at the socket", async () => {
    const ctx = (await getMembership(person(editor), { id: workspaceId }))!
    await expect(issueTicket(ctx, newDoc(otherWorkspaceId))).rejects.toThrow(/another workspace/)
    await expect(issueTicket(ctx, 'not a doc name')).rejects.toThrow()
    // A ticket of workspace A presented for a document of workspace B is not even found (RLS).
    const ticket = await createTicket(editor, workspaceId, newDoc(workspaceId))
    expect((await expectRefused(wsUrl(newDoc(otherWorkspaceId), ticket))).code).toBe(4401)
  })

  it('refuses a bad or missing Origin before upgrading', async () => {
    const doc = newDoc(workspaceId)
    for (const origin of ['http://evil.example', null]) {
      const ticket = await createTicket(editor, workspaceId, doc)
      const s = rawSocket(wsUrl(doc, ticket), origin)
      expect(await s.opened).toBe(false)
      expect(s.frames).toEqual([])
    }
  })

  it('refuses a ticket whose holder stopped being a member before connecting', async () => {
    const leaver = await addMember(workspaceId, 'editor')
    const doc = newDoc(workspaceId)
    const ticket = await createTicket(leaver, workspaceId, doc)
    await inWorkspace(workspaceId, null, (tx) => tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, leaver))))
    expect((await expectRefused(wsUrl(doc, ticket))).code).toBe(4403)
  })

  it('issues tickets with a url and params the stock provider uses', async () => {
    const ctx = (await getMembership(person(editor), { id: workspaceId }))!
    const issued = await issueTicket(ctx, newDoc(workspaceId), { baseUrl: 'https://touchmap.example' })
    expect(issued.url).toBe('wss://touchmap.example/realtime')
    expect(Object.keys(issued.params)).toEqual(['ticket'])
    expect(issued.params.ticket!.length).toBeGreaterThanOrEqual(40)
  })
})

describe(`wire-up on ${dbKind}`, () => {
  it('leaves other upgrade paths to other handlers', async () => {
    const wss = new WebSocketServer({ noServer: true })
    const other = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (req.url === '/other') wss.handleUpgrade(req, socket, head, (ws) => ws.send('other handler'))
    }
    srv.server.on('upgrade', other)
    try {
      const s = rawSocket(`ws://127.0.0.1:${srv.port}/other`)
      await waitFor(() => s.frames.length === 1, 5000, 'the other handler')
      expect(Buffer.from(s.frames[0]!).toString()).toBe('other handler')
      s.ws.close()
    } finally {
      srv.server.off('upgrade', other)
      wss.close()
    }
  })

  it('reports open documents, connections and pending writes in Prometheus text', async () => {
    const doc = newDoc(workspaceId)
    const c = client(editor, workspaceId, doc, srv.baseUrl)
    await synced(c)
    const text = prometheusText(srv.rt.stats())
    expect(text).toMatch(/^touchmap_realtime_up 1$/m)
    expect(text).toMatch(/^touchmap_realtime_open_documents [1-9]\d*$/m)
    expect(text).toMatch(/^touchmap_realtime_connections [1-9]\d*$/m)
    expect(text).toMatch(/^touchmap_realtime_pending_writes \d+$/m)
    expect(prometheusText(null)).toMatch(/^touchmap_realtime_up 0$/m)
  })
})

describe(`roles at the socket on ${dbKind}`, () => {
  it("never applies, stores or broadcasts a viewer's updates", async () => {
    const viewer = await addMember(workspaceId, 'viewer')
    const doc = newDoc(workspaceId)
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    const v = client(viewer, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(e), synced(v)])
    e.doc.getText('t').insert(0, 'from editor')
    await waitFor(() => v.doc.getText('t').toString() === 'from editor', 5000, 'viewer receives')
    await srv.rt.engine.persistence.flush()
    const rows = await countLogRows(workspaceId, doc)
    const dropped = srv.rt.stats().readonlyDropped
    v.doc.getMap('m').set('sneaky', 'viewer edit')
    await waitFor(() => srv.rt.stats().readonlyDropped > dropped, 5000, 'the server to drop the update')
    await new Promise((r) => setTimeout(r, 250))
    await srv.rt.engine.persistence.flush()
    expect(e.doc.getMap('m').get('sneaky')).toBeUndefined()
    expect(srv.rt.engine.docs.get(doc)!.ydoc.getMap('m').get('sneaky')).toBeUndefined()
    expect(await countLogRows(workspaceId, doc)).toBe(rows)
  })

  it("closes a removed member's socket within 2 s, without being told", async () => {
    const member = await addMember(workspaceId, 'editor')
    const doc = newDoc(workspaceId)
    const c = client(member, workspaceId, doc, srv.baseUrl)
    await synced(c)
    const closed = new Promise<number>((resolve) => c.provider.on('connection-close', (ev: CloseEvent | null) => resolve(ev?.code ?? 0)))
    const removedAt = Date.now()
    await inWorkspace(workspaceId, null, (tx) => tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, member))))
    expect(await closed).toBe(4403)
    expect(Date.now() - removedAt).toBeLessThan(2000)
  })

  it('turns a downgraded member read-only, immediately when notified', async () => {
    const member = await addMember(workspaceId, 'editor')
    const doc = newDoc(workspaceId)
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    const m = client(member, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(e), synced(m)])
    m.doc.getText('t').insert(0, 'allowed')
    await waitFor(() => e.doc.getText('t').toString() === 'allowed')
    await inWorkspace(workspaceId, null, (tx) =>
      tx.update(memberships).set({ roleKey: 'viewer' }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, member))),
    )
    await notifyMembershipChanged(workspaceId, member)
    m.doc.getText('t').insert(0, 'refused ')
    await new Promise((r) => setTimeout(r, 300))
    expect(e.doc.getText('t').toString()).toBe('allowed')
    expect(m.provider.wsconnected).toBe(true)
  })
})

describe(`presence on ${dbKind}`, () => {
  it("writes the connection's own user into its awareness state", async () => {
    const mallory = await addMember(workspaceId, 'editor', 'Mallory')
    const doc = newDoc(workspaceId)
    const e = client(editor, workspaceId, doc, srv.baseUrl)
    const m = client(mallory, workspaceId, doc, srv.baseUrl)
    await Promise.all([synced(e), synced(m)])
    m.provider.awareness.setLocalStateField('user', { id: editor, name: 'Not Mallory', colour: '#000' })
    m.provider.awareness.setLocalStateField('cursor', { x: 3, y: 4 })
    await waitFor(() => (e.provider.awareness.getStates().get(m.doc.clientID) as { cursor?: unknown } | undefined)?.cursor !== undefined, 5000, 'presence')
    const seen = e.provider.awareness.getStates().get(m.doc.clientID) as { user: { id: string; name: string; colour: string }; cursor: unknown }
    expect(seen.user.id).toBe(mallory)
    expect(seen.user.name).toMatch(/^Mallory/)
    expect(seen.user.colour).toMatch(/^#[0-9a-f]{6}$/)
    expect(seen.cursor).toEqual({ x: 3, y: 4 })
  })
})
