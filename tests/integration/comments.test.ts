import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { insights } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { addComment, deleteComment, editComment, listComments } from '@/lib/comments/comments'
import { config } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { ForbiddenError, NotFoundError } from '@/lib/errors'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { listNotifications } from '@/lib/notifications/notifications'
import { withDocument } from '@/lib/documents/live-documents'
import { ctxOf, makeUser, sessionOf, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import * as thread from '@/app/api/workspaces/[workspaceId]/comments/route'
import * as one from '@/app/api/workspaces/[workspaceId]/comments/[commentId]/route'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
let env: LiveEnv
let A: Team
let B: Team
let tpA: string
let tpB: string
let insightA: string
let ownedTp: string

async function touchpoint(team: Team, name: string, ownerUserId: string | null = null): Promise<string> {
  return withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => addTouchpoint(d, { name, channel: 'Email', ownerUserId }, team.owner.id))
}

beforeAll(async () => {
  env = await openLiveEnvironment()
  A = await teamWorkspace('Comment Co')
  B = await teamWorkspace('Other Co')
  tpA = await touchpoint(A, 'Invoice email')
  tpB = await touchpoint(B, 'B secret touchpoint')
  ownedTp = await touchpoint(A, 'Order confirmation', A.viewer.id)
  await new Promise((r) => setTimeout(r, 250))
  await env.projector.idle()
  const [row] = await inWorkspace(A.ws.id, A.owner.id, (tx) =>
    tx.insert(insights).values({ workspaceId: A.ws.id, title: 'Invoices are confusing', type: 'complaint', source: 'survey', authorId: A.owner.id }).returning(),
  )
  insightA = row!.id
})
afterAll(async () => {
  await env?.close()
})

const origin = () => new URL(config().appUrl).origin
const base = (wsId: string) => `${config().appUrl}/api/workspaces/${wsId}/comments`
const json = (method: string, u: string, body: unknown) =>
  new NextRequest(u, { method, headers: { origin: origin(), 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('comments', () => {
  it('mentions notify members of this workspace only, with a link to the subject', async () => {
    const stranger = await makeUser(uniqueEmail('stranger'))
    const editor = await ctxOf(A.editor.id, A.ws.id)
    const c = await addComment(editor, {
      subject: { type: 'touchpoint', id: tpA },
      body: '@Max Manager @Vera Viewer can you look at this? @Spy',
      mentions: [A.manager.id, A.viewer.id, stranger.id, B.owner.id, A.editor.id],
    })
    // The stranger and B's owner are dropped; the author mentioning themself is kept but never notified.
    expect(c.mentions.map((m) => m.userId).sort()).toEqual([A.manager.id, A.viewer.id, A.editor.id].sort())

    const managerInbox = await listNotifications(await ctxOf(A.manager.id, A.ws.id))
    expect(managerInbox.items).toEqual([
      expect.objectContaining({ kind: 'mentioned', link: `/w/${A.ws.slug}/touchpoints/${tpA}`, title: expect.stringContaining('Invoice email') }),
    ])
    expect((await listNotifications(await ctxOf(A.viewer.id, A.ws.id))).items.filter((i) => i.kind === 'mentioned')).toHaveLength(1)
    expect((await listNotifications(editor)).items).toEqual([])
    expect((await listNotifications(await ctxOf(B.owner.id, B.ws.id))).items).toEqual([])

    const list = await listComments(await ctxOf(A.viewer.id, A.ws.id), { type: 'touchpoint', id: tpA })
    expect(list).toEqual([
      expect.objectContaining({ body: '@Max Manager @Vera Viewer can you look at this? @Spy', authorName: 'Eddie Editor', mine: false, deleted: false }),
    ])
    expect(list[0]!.mentions.map((m) => m.name).sort()).toEqual(['Eddie Editor', 'Max Manager', 'Vera Viewer'])
  })

  it('on an insight, links to the insight, and earlier commenters hear about replies', async () => {
    const manager = await ctxOf(A.manager.id, A.ws.id)
    await addComment(manager, { subject: { type: 'insight', id: insightA }, body: 'First thought' })
    await addComment(await ctxOf(A.admin.id, A.ws.id), { subject: { type: 'insight', id: insightA }, body: 'Agreed, @Olive', mentions: [A.owner.id] })
    const ownerInbox = await listNotifications(await ctxOf(A.owner.id, A.ws.id))
    // The insight's author heard about the first comment, and was mentioned (once, not also "commented") in the second.
    expect(ownerInbox.items.map((i) => i.kind)).toEqual(['mentioned', 'comment'])
    expect(ownerInbox.items[0]).toMatchObject({ kind: 'mentioned', link: `/w/${A.ws.slug}/insights/${insightA}` })
    const managerInbox = await listNotifications(manager)
    expect(managerInbox.items[0]).toMatchObject({ kind: 'comment', link: `/w/${A.ws.slug}/insights/${insightA}`, body: 'Agreed, @Olive' })
  })

  it("a comment on a touchpoint tells its owner", async () => {
    await addComment(await ctxOf(A.manager.id, A.ws.id), { subject: { type: 'touchpoint', id: ownedTp }, body: 'The subject line is too long' })
    const inbox = await listNotifications(await ctxOf(A.viewer.id, A.ws.id))
    expect(inbox.items.filter((i) => i.kind === 'comment')).toEqual([
      expect.objectContaining({ title: expect.stringContaining('commented on the touchpoint “Order confirmation”'), body: 'The subject line is too long' }),
    ])
  })

  it('viewers read but cannot comment; a subject of another workspace is not found', async () => {
    const viewer = await ctxOf(A.viewer.id, A.ws.id)
    await expect(addComment(viewer, { subject: { type: 'touchpoint', id: tpA }, body: 'hi' })).rejects.toBeInstanceOf(ForbiddenError)
    const editor = await ctxOf(A.editor.id, A.ws.id)
    await expect(addComment(editor, { subject: { type: 'touchpoint', id: tpB }, body: 'peek' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(listComments(editor, { type: 'touchpoint', id: tpB })).rejects.toBeInstanceOf(NotFoundError)
    await expect(addComment(editor, { subject: { type: 'insight', id: 'not-a-uuid' }, body: 'x' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(addComment(editor, { subject: { type: 'touchpoint', id: 'no-such-touchpoint' }, body: 'x' })).rejects.toBeInstanceOf(NotFoundError)

    // Through the routes: viewer 403, B's touchpoint in A's workspace 404, a member of A in B's workspace 404, bad bodies 422.
    who.session = sessionOf(A.viewer)
    expect((await thread.POST(json('POST', base(A.ws.id), { subjectType: 'touchpoint', subjectId: tpA, body: 'hi' }), { params: Promise.resolve({ workspaceId: A.ws.id }) })).status).toBe(403)
    const read = await thread.GET(new NextRequest(`${base(A.ws.id)}?subjectType=touchpoint&subjectId=${tpA}`), { params: Promise.resolve({ workspaceId: A.ws.id }) })
    expect(read.status).toBe(200)
    who.session = sessionOf(A.editor)
    expect((await thread.POST(json('POST', base(A.ws.id), { subjectType: 'touchpoint', subjectId: tpB, body: 'hi' }), { params: Promise.resolve({ workspaceId: A.ws.id }) })).status).toBe(404)
    expect((await thread.POST(json('POST', base(B.ws.id), { subjectType: 'touchpoint', subjectId: tpB, body: 'hi' }), { params: Promise.resolve({ workspaceId: B.ws.id }) })).status).toBe(404)
    const empty = await thread.POST(json('POST', base(A.ws.id), { subjectType: 'touchpoint', subjectId: tpA, body: '   ' }), { params: Promise.resolve({ workspaceId: A.ws.id }) })
    expect(empty.status).toBe(422)
    expect(await empty.json()).toMatchObject({ fieldErrors: { body: ['Write a comment'] } })
    const long = await thread.POST(json('POST', base(A.ws.id), { subjectType: 'touchpoint', subjectId: tpA, body: 'x'.repeat(5001) }), { params: Promise.resolve({ workspaceId: A.ws.id }) })
    expect(long.status).toBe(422)
    const ok = await thread.POST(json('POST', base(A.ws.id), { subjectType: 'touchpoint', subjectId: tpA, body: 'x'.repeat(5000) }), { params: Promise.resolve({ workspaceId: A.ws.id }) })
    expect(ok.status).toBe(200)
  })

  it('only the author edits or deletes; a deleted comment keeps its place without its text', async () => {
    const editor = await ctxOf(A.editor.id, A.ws.id)
    const manager = await ctxOf(A.manager.id, A.ws.id)
    const c = await addComment(editor, { subject: { type: 'touchpoint', id: tpA }, body: 'draft' })
    await expect(editComment(manager, { commentId: c.id, body: 'hijacked' })).rejects.toBeInstanceOf(ForbiddenError)
    await expect(deleteComment(manager, c.id)).rejects.toBeInstanceOf(ForbiddenError)
    // Someone of another workspace with the id: not found.
    await expect(deleteComment(await ctxOf(B.owner.id, B.ws.id), c.id)).rejects.toBeInstanceOf(NotFoundError)

    const before = (await listNotifications(await ctxOf(A.admin.id, A.ws.id))).items.length
    await editComment(editor, { commentId: c.id, body: 'final, @Ada', mentions: [A.admin.id] })
    const after = await listNotifications(await ctxOf(A.admin.id, A.ws.id))
    expect(after.items.length).toBe(before + 1)
    expect(after.items[0]).toMatchObject({ kind: 'mentioned' })
    // Editing again with the same mention does not notify twice.
    await editComment(editor, { commentId: c.id, body: 'final!, @Ada', mentions: [A.admin.id] })
    expect((await listNotifications(await ctxOf(A.admin.id, A.ws.id))).items.length).toBe(before + 1)

    let list = await listComments(manager, { type: 'touchpoint', id: tpA })
    expect(list.find((x) => x.id === c.id)).toMatchObject({ body: 'final!, @Ada', editedAt: expect.any(String) })

    who.session = sessionOf(A.manager)
    const params = { params: Promise.resolve({ workspaceId: A.ws.id, commentId: c.id }) }
    expect((await one.DELETE(new NextRequest(`${base(A.ws.id)}/${c.id}`, { method: 'DELETE', headers: { origin: origin() } }), params)).status).toBe(403)
    who.session = sessionOf(A.editor)
    expect((await one.PATCH(json('PATCH', `${base(A.ws.id)}/${c.id}`, { body: '' }), params)).status).toBe(422)
    expect((await one.DELETE(new NextRequest(`${base(A.ws.id)}/${c.id}`, { method: 'DELETE', headers: { origin: origin() } }), params)).status).toBe(200)
    list = await listComments(manager, { type: 'touchpoint', id: tpA })
    expect(list.find((x) => x.id === c.id)).toMatchObject({ deleted: true, body: '', mentions: [] })
    await expect(editComment(editor, { commentId: c.id, body: 'undead' })).rejects.toBeInstanceOf(NotFoundError)
  })
})
