import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { parseCsv } from '@/lib/catalog/csv'
import { config } from '@/lib/config'
import { addTouchpoint, catalogDocName, listTouchpoints } from '@/lib/maps/doc-schema'
import type { Projector } from '@/lib/maps/projector'
import { withDocument } from '@/lib/documents/live-documents'
import { sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import * as list from '@/app/api/workspaces/[workspaceId]/touchpoints/route'
import * as exportCsv from '@/app/api/workspaces/[workspaceId]/touchpoints/export.csv/route'
import * as importCsv from '@/app/api/workspaces/[workspaceId]/touchpoints/import/route'
import { bulkRetireAction, importTouchpointsAction } from '@/app/w/[slug]/touchpoints/actions'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

let projector: Projector
let env: LiveEnv
let team: Awaited<ReturnType<typeof teamWorkspace>>
beforeAll(async () => {
  env = await openLiveEnvironment()
  ;({ projector } = env)
  team = await teamWorkspace('Routes Co')
  await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
    addTouchpoint(d, { name: 'Invoice email', channel: 'Email' }, team.owner.id)
    addTouchpoint(d, { name: 'Store', kind: 'physical' }, team.owner.id)
  })
  await new Promise((r) => setTimeout(r, 250))
  await projector.idle()
})
afterAll(async () => {
  await env?.close()
})

const base = () => `${config().appUrl}/api/workspaces/${team.ws.id}/touchpoints`
const ctx = () => ({ params: Promise.resolve({ workspaceId: team.ws.id }) })
const origin = () => new URL(config().appUrl).origin

async function ndjson(res: Response) {
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown })
  return { progress: lines.filter((l) => l.type === 'progress'), result: lines.find((l) => l.type === 'result') }
}

const post = (csv: string | Uint8Array<ArrayBuffer>, commit: boolean, headers: Record<string, string> = {}) =>
  importCsv.POST(new NextRequest(`${base()}/import?commit=${commit ? 1 : 0}`, { method: 'POST', headers: { origin: origin(), 'content-type': 'text/csv', ...headers }, body: csv }), ctx())

describe('catalog routes and actions', () => {
  it('lists a page as JSON, and the ids of every match', async () => {
    who.session = sessionOf(team.viewer)
    const res = await list.GET(new NextRequest(`${base()}?q=inv&limit=10`), ctx())
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ total: 1, rows: [{ name: 'Invoice email', channel: 'Email' }] })
    const ids = (await (await list.GET(new NextRequest(`${base()}?ids=1`), ctx())).json()) as { ids: string[] }
    expect(ids.ids).toHaveLength(2)
    const bad = await list.GET(new NextRequest(`${base()}?kind=robot&sort=evil`), ctx())
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({ fieldErrors: { kind: [expect.any(String)], sort: [expect.any(String)] } })
  })

  it('exports CSV as a download that a viewer may take', async () => {
    who.session = sessionOf(team.viewer)
    const res = await exportCsv.GET(new NextRequest(`${base()}/export.csv`), ctx())
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".*touchpoints.*\.csv"/)
    const rows = parseCsv(await res.text()).records
    expect(rows.map((r) => r.cells[1])).toEqual(['name', 'Invoice email', 'Store'])
    const filtered = parseCsv(await (await exportCsv.GET(new NextRequest(`${base()}/export.csv?kind=physical`), ctx())).text()).records
    expect(filtered.map((r) => r.cells[1])).toEqual(['name', 'Store'])
  })

  it('streams import progress as NDJSON, checks without writing, then commits; a viewer is refused', async () => {
    who.session = sessionOf(team.viewer)
    expect((await post('name\nX\n', true)).status).toBe(403)
    who.session = sessionOf(team.editor)
    const dry = await ndjson(await post('name,channel\nChat,Web\n', false))
    expect(dry.progress.length).toBeGreaterThan(0)
    expect(dry.result).toMatchObject({ ok: true, committed: false, summary: { create: 1 } })
    const bad = await ndjson(await post('name,kind\nChat,robot\n', true))
    expect(bad.result).toMatchObject({ ok: false, errors: [{ line: 2, column: 'kind' }] })
    const done = await ndjson(await post('name,channel\nChat,Web\n', true))
    expect(done.progress.map((p) => p.phase)).toContain('write')
    expect(done.result).toMatchObject({ ok: true, committed: true })
    const names = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => listTouchpoints(d).map((x) => x.name).sort())
    expect(names).toEqual(['Chat', 'Invoice email', 'Store'])
  })

  it('refuses a body over 10 MB, and one that is not UTF-8, with a clear message', async () => {
    who.session = sessionOf(team.editor)
    const big = await post('x', true, { 'content-length': String(11 * 1024 * 1024) })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: expect.stringContaining('10 MB') })
    const latin1 = await post(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe6, 0xf8, 0xe5, 0x0a]), true)
    expect(latin1.status).toBe(422)
    expect(await latin1.json()).toMatchObject({ error: expect.stringContaining('UTF-8') })
  })

  it('bulk and import actions: editors may, viewers may not', async () => {
    who.session = sessionOf(team.viewer)
    const ids = ((await (await list.GET(new NextRequest(`${base()}?q=store&ids=1`), ctx())).json()) as { ids: string[] }).ids
    expect(await bulkRetireAction({ workspaceId: team.ws.id, ids })).toMatchObject({ ok: false, status: 403 })
    expect(await importTouchpointsAction({ workspaceId: team.ws.id, csv: 'name\nY\n' })).toMatchObject({ ok: false, status: 403 })
    who.session = sessionOf(team.editor)
    expect(await bulkRetireAction({ workspaceId: team.ws.id, ids })).toMatchObject({ ok: true, data: { updated: 1 } })
    expect(await importTouchpointsAction({ workspaceId: team.ws.id, csv: 'name\nY\n' })).toMatchObject({ ok: true, data: { ok: true, committed: true } })
    const res = await list.GET(new NextRequest(`${base()}?status=retired`), ctx())
    expect(await res.json()).toMatchObject({ total: 1, rows: [{ name: 'Store', status: 'retired' }] })
  })
})
