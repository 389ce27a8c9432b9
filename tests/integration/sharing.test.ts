/**
 * Share links as their viewers and an attacker meet them: the routes called
 * with the token alone (no session), the page's actions for making and
 * revoking links, passwords and their limits, expiry, and the events stream.
 */
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { insights } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { addSegment, addStage, addTouchpoint, catalogDocName, mapDocName, placeTouchpoint, renameMap } from '@/lib/maps/doc-schema'
import { deleteMap } from '@/lib/maps/map-life'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { SHARE_PASSWORD_ATTEMPTS } from '@/lib/sharing/share-links'
import type { SharedMap } from '@/lib/sharing/share-view'
import { createShareLinkAction, revokeShareLinkAction } from '@/app/w/[slug]/maps/[mapId]/share/actions'
import * as shareRoute from '@/app/api/share/[token]/route'
import * as unlockRoute from '@/app/api/share/[token]/unlock/route'
import * as eventsRoute from '@/app/api/share/[token]/events/route'
import * as insightsRoute from '@/app/api/workspaces/[workspaceId]/insights/route'
import * as evaluationsRoute from '@/app/api/workspaces/[workspaceId]/evaluations/route'
import * as exportRoute from '@/app/api/workspaces/[workspaceId]/maps/[mapId]/export/json/route'
import * as ticketsRoute from '@/app/api/realtime/tickets/route'
import { catalogDocName as catalogDoc } from '@/lib/maps/doc-schema'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

const url = (path: string) => `${config().appUrl}${path}`
const tokenOf = (path: string) => path.replace('/s/', '')
const get = (token: string, cookie?: string) =>
  shareRoute.GET(new NextRequest(url(`/api/share/${token}`), { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ token }) })
const unlock = (token: string, password: string, ip = '203.0.113.7') =>
  unlockRoute.POST(
    new NextRequest(url(`/api/share/${token}/unlock`), { method: 'POST', headers: { origin: new URL(config().appUrl).origin, 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ password }) }),
    { params: Promise.resolve({ token }) },
  )

describe('share links', () => {
  let team: Team
  let mapId: string
  let stageId: string
  let rowId: string

  beforeAll(async () => {
    team = await teamWorkspace('Share Co')
    const owner = await ctxOf(team.owner.id, team.ws.id)
    let web = ''
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      web = addTouchpoint(d, { name: 'Website', description: 'Our shop window online', desiredOutcome: 'Find a product fast', supportingPeople: 'Dana (web team)', ownerUserId: team.editor.id }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    mapId = (await createMap(owner, { name: 'Online journey', template: 'blank' })).id
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      stageId = addStage(d, { name: 'Discover', description: 'They look around' })
      rowId = addSegment(d, { name: 'Shoppers' })
      placeTouchpoint(d, { touchpointId: web, stageId, segmentId: rowId })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
    await inWorkspace(team.ws.id, null, (tx) => tx.insert(insights).values({ workspaceId: team.ws.id, title: 'Secret complaint', body: 'never shown', type: 'complaint', source: 'form', sentiment: 'negative' } as never))
  })

  it('managers create links; editors may not; bad input is refused field by field', async () => {
    who.session = sessionOf(team.editor)
    expect(await createShareLinkAction({ workspaceId: team.ws.id, mapId })).toMatchObject({ ok: false, status: 403 })
    who.session = sessionOf(team.manager)
    const past = await createShareLinkAction({ workspaceId: team.ws.id, mapId, expiresAt: '2020-01-01' })
    expect(past).toMatchObject({ ok: false, fieldErrors: { expiresAt: ['The expiry is in the past: choose a later date'] } })
    const short = await createShareLinkAction({ workspaceId: team.ws.id, mapId, password: 'abc' })
    expect(short).toMatchObject({ ok: false, fieldErrors: { password: ['A password has at least 8 characters'] } })
  })

  it('opens without signing in and shows the map, without owners, people, insights or ids of touchpoints', async () => {
    who.session = sessionOf(team.manager)
    const made = await createShareLinkAction({ workspaceId: team.ws.id, mapId, label: 'Agency', showDetails: 'on' })
    expect(made.ok).toBe(true)
    const token = tokenOf((made as { data: { path: string } }).data.path)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    who.session = null
    const res = await get(token)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow')
    const body = (await res.json()) as SharedMap
    expect(body).toMatchObject({ name: 'Online journey', showDetails: true, stages: [{ name: 'Discover' }], segments: [{ name: 'Shoppers' }] })
    expect(body.cards).toEqual([
      expect.objectContaining({ name: 'Website', details: expect.objectContaining({ description: 'Our shop window online', desiredOutcome: 'Find a product fast' }) }),
    ])
    const text = JSON.stringify(body)
    for (const secret of ['Dana', team.editor.id, team.editor.email, 'Secret complaint', team.ws.id]) expect(text).not.toContain(secret)

    // The token opens this one map and nothing else: every other route still wants a session.
    for (const call of [
      () => insightsRoute.GET(new NextRequest(url(`/api/workspaces/${team.ws.id}/insights?token=${token}`), { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ workspaceId: team.ws.id }) }),
      () => evaluationsRoute.GET(new NextRequest(url(`/api/workspaces/${team.ws.id}/evaluations`)), { params: Promise.resolve({ workspaceId: team.ws.id }) }),
      // The map's own export, by its id, with the token as a bearer or a query: no.
      () => exportRoute.GET(new NextRequest(url(`/api/workspaces/${team.ws.id}/maps/${mapId}/export/json?token=${token}`), { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ workspaceId: team.ws.id, mapId }) }),
      // A socket ticket for the map's document or the catalog document: no.
      ...[mapDocName(team.ws.id, mapId), catalogDoc(team.ws.id)].map(
        (doc) => () =>
          ticketsRoute.POST(
            new NextRequest(url('/api/realtime/tickets'), { method: 'POST', headers: { origin: new URL(config().appUrl).origin, 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ doc }) }),
            { params: Promise.resolve({}) },
          ),
      ),
    ]) {
      expect((await call()).status).toBe(401)
    }
    // A made-up or altered token finds nothing.
    expect((await get(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).status).toBe(404)
    expect((await get('not-a-token')).status).toBe(404)
  })

  it('a link without details shows names only', async () => {
    who.session = sessionOf(team.manager)
    const made = (await createShareLinkAction({ workspaceId: team.ws.id, mapId })) as { data: { path: string } }
    who.session = null
    const body = (await (await get(tokenOf(made.data.path))).json()) as SharedMap
    expect(body.cards[0]).toEqual({ key: '0', stageId, segmentId: rowId, name: 'Website', kind: 'communication', channel: '' })
  })

  it('a password is asked for, checked, and limited per link', async () => {
    who.session = sessionOf(team.manager)
    const made = (await createShareLinkAction({ workspaceId: team.ws.id, mapId, password: 'correct horse' })) as { data: { path: string } }
    who.session = null
    const token = tokenOf(made.data.path)
    expect((await get(token)).status).toBe(401)
    const wrong = await unlock(token, 'wrong password')
    expect(wrong.status).toBe(422)
    expect(await wrong.json()).toMatchObject({ fieldErrors: { password: ['That password is not right'] } })
    const right = await unlock(token, 'correct horse')
    expect(right.status).toBe(200)
    const cookie = right.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/i)
    const pair = cookie.split(';')[0]!
    expect((await get(token, pair)).status).toBe(200)
    // A forged cookie value opens nothing.
    expect((await get(token, pair.replace(/=.*/, '=forged'))).status).toBe(401)
    // Guessing: after the per-link limit, even the right password is refused for a while, from any address.
    for (let i = 0; i < SHARE_PASSWORD_ATTEMPTS.perLink; i++) await unlock(token, `guess ${i}`, `198.51.100.${i}`)
    const limited = await unlock(token, 'correct horse', '192.0.2.1')
    expect(limited.status).toBe(429)
  })

  it('a revoked link is a 404 at once, and its events stream says "gone" within a second', async () => {
    who.session = sessionOf(team.manager)
    const made = (await createShareLinkAction({ workspaceId: team.ws.id, mapId })) as { data: { id: string; path: string } }
    const token = tokenOf(made.data.path)
    const ctl = new AbortController()
    const res = await eventsRoute.GET(new NextRequest(url(`/api/share/${token}/events`), { signal: ctl.signal }), { params: Promise.resolve({ token }) })
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = res.body!.getReader()
    const events: string[] = []
    const reading = (async () => {
      const dec = new TextDecoder()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        for (const m of dec.decode(value).matchAll(/event: (\w+)/g)) events.push(m[1]!)
      }
    })()
    const until = async (name: string, ms: number) => {
      const start = Date.now()
      while (!events.includes(name)) {
        if (Date.now() - start > ms) throw new Error(`no "${name}" within ${ms} ms (saw ${events.join(', ')})`)
        await new Promise((r) => setTimeout(r, 20))
      }
      return Date.now() - start
    }
    await until('ready', 2000)
    await new Promise((r) => setTimeout(r, 700)) // the poller has seen the current version
    // A live edit: the stream says "change".
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => (renameMap(d, 'Online journey, edited'), d))
    await projectMap(team.ws.id, mapId, doc)
    await until('change', 2000)
    expect(((await (await get(token)).json()) as SharedMap).name).toBe('Online journey, edited')

    expect(await revokeShareLinkAction({ workspaceId: team.ws.id, linkId: made.data.id })).toMatchObject({ ok: true })
    expect((await get(token)).status).toBe(404)
    expect(await until('gone', 1000)).toBeLessThan(1000)
    await reading
    ctl.abort()
    // Revoked twice: not found.
    expect(await revokeShareLinkAction({ workspaceId: team.ws.id, linkId: made.data.id })).toMatchObject({ ok: false, status: 404 })
  })

  it('an expired link, or one whose map was deleted, is a 404', async () => {
    who.session = sessionOf(team.manager)
    const made = (await createShareLinkAction({ workspaceId: team.ws.id, mapId })) as { data: { id: string; path: string } }
    const token = tokenOf(made.data.path)
    const { shareLinks } = await import('@/db/schema')
    const { eq, sql } = await import('drizzle-orm')
    await inWorkspace(team.ws.id, null, (tx) => tx.update(shareLinks).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(shareLinks.id, made.data.id)))
    expect((await get(token)).status).toBe(404)
    const fresh = (await createShareLinkAction({ workspaceId: team.ws.id, mapId })) as { data: { path: string } }
    expect((await get(tokenOf(fresh.data.path))).status).toBe(200)
    await deleteMap(await ctxOf(team.owner.id, team.ws.id), mapId)
    expect((await get(tokenOf(fresh.data.path))).status).toBe(404)
  })
})
