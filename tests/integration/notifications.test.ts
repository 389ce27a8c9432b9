import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { notifications } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config, setConfig } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { listNotifications, markAllRead, markRead, unreadCount } from '@/lib/notifications/notifications'
import { notificationMailIdle, notify } from '@/lib/notifications/notify'
import { listMail, waitForMail } from '../support/mail-client'
import { startMailServer } from '../support/mail-server'
import { ctxOf, makeUser, sessionOf, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { openTestDatabase, type TestDb } from '../support/test-db'
import * as route from '@/app/api/workspaces/[workspaceId]/notifications/route'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

let t: TestDb
let mail: Awaited<ReturnType<typeof startMailServer>>
const mailer = globalThis as unknown as { __touchmapMailer?: unknown }
let original: ReturnType<typeof config>
beforeAll(async () => {
  t = await openTestDatabase()
  mail = await startMailServer()
  original = config()
  mailer.__touchmapMailer = undefined
  setConfig({ ...original, smtpUrl: mail.smtpUrl })
})
afterAll(async () => {
  await notificationMailIdle()
  setConfig(original)
  mailer.__touchmapMailer = undefined
  await mail?.close()
  await t?.drop()
})

const origin = () => new URL(config().appUrl).origin
const url = (wsId: string, q = '') => `${config().appUrl}/api/workspaces/${wsId}/notifications${q}`
const params = (workspaceId: string) => ({ params: Promise.resolve({ workspaceId }) })
const post = (wsId: string, body: unknown) =>
  route.POST(new NextRequest(url(wsId), { method: 'POST', headers: { origin: origin(), 'content-type': 'application/json' }, body: JSON.stringify(body) }), params(wsId))

describe('notify()', () => {
  it('notifies members only, never the actor, and emails each through SMTP', async () => {
    const team = await teamWorkspace('Notify Co')
    const stranger = await makeUser(uniqueEmail('stranger'))
    const other = await teamWorkspace('Elsewhere')
    await notify({
      workspaceId: team.ws.id,
      recipients: [team.editor.id, team.viewer.id, team.manager.id, stranger.id, other.owner.id, team.editor.id],
      actorId: team.manager.id,
      kind: 'owner_assigned',
      title: 'You now own “Invoice email”',
      body: 'Max Manager made you the owner.',
      link: `/w/${team.ws.slug}/touchpoints/tp1`,
    })
    const editorPage = await listNotifications(await ctxOf(team.editor.id, team.ws.id))
    expect(editorPage.unread).toBe(1)
    expect(editorPage.items).toEqual([
      expect.objectContaining({ kind: 'owner_assigned', title: 'You now own “Invoice email”', link: `/w/${team.ws.slug}/touchpoints/tp1`, actorName: 'Max Manager', readAt: null }),
    ])
    expect((await listNotifications(await ctxOf(team.viewer.id, team.ws.id))).unread).toBe(1)
    expect((await listNotifications(await ctxOf(team.manager.id, team.ws.id))).items).toEqual([])
    // Strangers and members of another workspace got nothing, in no workspace.
    expect((await listNotifications(await ctxOf(other.owner.id, other.ws.id))).items).toEqual([])
    for (const outsider of [stranger.id, other.owner.id, team.manager.id]) {
      expect(await inWorkspace(team.ws.id, outsider, (tx) => tx.select().from(notifications))).toEqual([])
    }

    const message = await waitForMail(mail.apiUrl, team.editor.email, { subject: /You now own/ })
    expect(message.text).toContain(`${config().appUrl}/w/${team.ws.slug}/touchpoints/tp1`)
    expect(message.text).toContain('Max Manager made you the owner.')
    expect(await listMail(mail.apiUrl, stranger.email)).toEqual([])
    expect(await listMail(mail.apiUrl, team.manager.email)).toEqual([])
  })

  it('does not throw when mail fails, and keeps the in-app notification', async () => {
    const team = await teamWorkspace('Broken Mail Co')
    const before = config()
    setConfig({ ...before, smtpUrl: 'smtp://127.0.0.1:1' })
    await notificationMailIdle()
    const kept = mailer.__touchmapMailer
    mailer.__touchmapMailer = undefined
    try {
      await expect(
        notify({ workspaceId: team.ws.id, recipients: [team.editor.id], actorId: null, kind: 'comment', title: 'Hello', link: 'https://evil.example/x' }),
      ).resolves.toBeUndefined()
      // The email fails in the background; that is logged, never thrown.
      await notificationMailIdle()
    } finally {
      mailer.__touchmapMailer = kept
      setConfig(before)
    }
    const page = await listNotifications(await ctxOf(team.editor.id, team.ws.id))
    // An outside link is never stored: only paths inside the app.
    expect(page.items).toEqual([expect.objectContaining({ title: 'Hello', link: null })])
  })
})

describe('the notification centre', () => {
  it('only the recipient reads or marks a notification, even with its id', async () => {
    const team = await teamWorkspace('Private Co')
    await notify({ workspaceId: team.ws.id, recipients: [team.editor.id], actorId: team.owner.id, kind: 'mentioned', title: 'For the editor' })
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const [mine] = (await listNotifications(editor)).items
    expect(mine).toBeDefined()

    // Another member of the same workspace: not listed, and marking it is "not found" with nothing changed.
    const admin = await ctxOf(team.admin.id, team.ws.id)
    expect((await listNotifications(admin)).items).toEqual([])
    await expect(markRead(admin, [mine!.id])).rejects.toBeInstanceOf(NotFoundError)
    await markAllRead(admin)
    expect(await unreadCount(editor)).toBe(1)

    // Even a direct query as the admin sees nothing (row-level security).
    const seen = await inWorkspace(team.ws.id, team.admin.id, (tx) => tx.select().from(notifications))
    expect(seen).toEqual([])

    // Through the route, the same.
    who.session = sessionOf(team.admin)
    expect(await (await route.GET(new NextRequest(url(team.ws.id)), params(team.ws.id))).json()).toMatchObject({ items: [], unread: 0 })
    expect((await post(team.ws.id, { ids: [mine!.id] })).status).toBe(404)
    expect(await unreadCount(editor)).toBe(1)

    // A member of another workspace gets 404 for this workspace.
    const other = await teamWorkspace('Other Co')
    who.session = sessionOf(other.owner)
    expect((await route.GET(new NextRequest(url(team.ws.id)), params(team.ws.id))).status).toBe(404)

    // The recipient marks it read.
    who.session = sessionOf(team.editor)
    const res = await post(team.ws.id, { ids: [mine!.id] })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ unread: 0 })
    expect((await listNotifications(editor)).items[0]!.readAt).not.toBeNull()
  })

  it('pages newest first without gaps or repeats, counts unread, and marks all read', async () => {
    const team = await teamWorkspace('Paging Co')
    for (let i = 0; i < 7; i++) {
      await notify({ workspaceId: team.ws.id, recipients: [team.viewer.id], actorId: null, kind: 'comment', title: `n${i}` })
    }
    const viewer = await ctxOf(team.viewer.id, team.ws.id)
    who.session = sessionOf(team.viewer)
    const titles: string[] = []
    let cursor: string | null = null
    do {
      const q: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const res = await route.GET(new NextRequest(url(team.ws.id, q)), params(team.ws.id))
      expect(res.status).toBe(200)
      const page = (await res.json()) as { items: { title: string }[]; unread: number; nextCursor: string | null }
      expect(page.unread).toBe(7)
      titles.push(...page.items.map((i) => i.title))
      cursor = page.nextCursor
    } while (cursor)
    expect(titles).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0'])

    expect((await route.GET(new NextRequest(url(team.ws.id, '?cursor=garbage')), params(team.ws.id))).status).toBe(422)
    expect((await route.GET(new NextRequest(url(team.ws.id, '?limit=1000')), params(team.ws.id))).status).toBe(422)
    expect((await post(team.ws.id, { ids: ['not-a-uuid'] })).status).toBe(422)
    expect((await post(team.ws.id, {})).status).toBe(422)

    const res = await post(team.ws.id, { all: true })
    expect(await res.json()).toMatchObject({ unread: 0, marked: 7 })
    expect(await unreadCount(viewer)).toBe(0)
    expect((await listNotifications(viewer, { unreadOnly: true })).items).toEqual([])
  })
})
