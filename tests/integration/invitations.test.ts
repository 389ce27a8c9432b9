import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invitations } from '@/db/schema'
import { listActivity } from '@/lib/activity/list-activity'
import { getMembership, person } from '@/lib/auth/membership'
import { config, setConfig } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors'
import { acceptInvitation, createInvitation, listPendingInvitations, previewInvitation, revokeInvitation } from '@/lib/invitations/invitations'
import { extractLink, waitForMail } from '../support/mail-client'
import { startMailServer } from '../support/mail-server'
import { ctxOf, makeUser, sessionOf, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let mail: Awaited<ReturnType<typeof startMailServer>>
beforeAll(async () => {
  t = await openTestDatabase()
  mail = await startMailServer()
  setConfig({ ...config(), smtpUrl: mail.smtpUrl })
})
afterAll(async () => {
  await mail?.close()
  await t?.drop()
})

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!

describe('invitations', () => {
  it('emails a single-use link through SMTP that the invitee accepts once', async () => {
    const { ws, admin } = await teamWorkspace('Invite Co')
    const email = uniqueEmail('newbie')
    const ctx = await ctxOf(admin.id, ws.id)
    await createInvitation(ctx, { email, role: 'editor' })
    const message = await waitForMail(mail.apiUrl, email, { subject: /invited you to Invite Co/ })
    const link = extractLink(message, '/invite/')
    expect(link.startsWith(`${config().appUrl}/invite/`)).toBe(true)
    const token = tokenOf(link)
    expect(await previewInvitation(token)).toMatchObject({ workspaceName: 'Invite Co', email, role: 'editor', state: 'pending' })

    const invitee = await makeUser(email)
    const { workspaceSlug } = await acceptInvitation(sessionOf(invitee), token)
    expect(workspaceSlug).toBe(ws.slug)
    expect((await ctxOf(invitee.id, ws.id)).role).toBe('editor')
    expect((await previewInvitation(token))?.state).toBe('used')
    await expect(acceptInvitation(sessionOf(invitee), token)).rejects.toBeInstanceOf(ConflictError)
    expect((await listActivity(ctx)).map((e) => e.action)).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']))
  })

  it('refuses a token for another email, an expired one, a withdrawn one and an unknown one', async () => {
    const { ws, admin } = await teamWorkspace()
    const ctx = await ctxOf(admin.id, ws.id)
    const email = uniqueEmail('target')
    const { link } = await createInvitation(ctx, { email, role: 'viewer' })
    const intruder = await makeUser(uniqueEmail('intruder'))
    await expect(acceptInvitation(sessionOf(intruder), tokenOf(link))).rejects.toBeInstanceOf(ForbiddenError)
    expect(await getMembership(person(intruder.id), { id: ws.id })).toBeNull()

    const target = await makeUser(email)
    await inWorkspace(ws.id, null, (tx) => tx.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, email)))
    await expect(acceptInvitation(sessionOf(target), tokenOf(link))).rejects.toThrow(/expired/)
    expect(await getMembership(person(target.id), { id: ws.id })).toBeNull()

    const second = await createInvitation(ctx, { email, role: 'viewer' })
    const [pending] = await listPendingInvitations(ctx)
    await revokeInvitation(ctx, pending!.id)
    await expect(acceptInvitation(sessionOf(target), tokenOf(second.link))).rejects.toBeInstanceOf(ConflictError)
    await expect(acceptInvitation(sessionOf(target), 'x'.repeat(43))).rejects.toBeInstanceOf(NotFoundError)
    expect(await getMembership(person(target.id), { id: ws.id })).toBeNull()
  })

  it('replaces a pending invitation to the same address, refuses members, and never grants above the inviter', async () => {
    const { ws, admin, editor } = await teamWorkspace()
    const ctx = await ctxOf(admin.id, ws.id)
    const email = uniqueEmail('twice')
    const first = await createInvitation(ctx, { email, role: 'viewer' })
    await createInvitation(ctx, { email, role: 'editor' })
    expect((await listPendingInvitations(ctx)).filter((i) => i.email === email)).toHaveLength(1)
    expect((await previewInvitation(tokenOf(first.link)))?.state).toBe('used')
    await expect(createInvitation(ctx, { email: editor.email, role: 'viewer' })).rejects.toBeInstanceOf(ConflictError)
    await expect(createInvitation(ctx, { email: uniqueEmail('boss'), role: 'owner' })).rejects.toBeInstanceOf(ForbiddenError)
  })
})
