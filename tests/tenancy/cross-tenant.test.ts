/**
 * The cross-tenant matrix: a member of workspace A calls every route handler
 * and every server action with workspace B's ids. Each answers 404 (or is
 * listed as not workspace-scoped, with why) and B is unchanged. The handlers
 * are enumerated from app/, so a new one without a case (tests/tenancy/cases/)
 * fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sessions, ssoDomains } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { listDepartments } from '@/lib/departments/departments'
import { removeMember } from '@/lib/members/manage-members'
import { signalsSettled } from '@/lib/live/signals'
import { addMember, ctxOf, makeUser, sessionOf, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { startRealtimeServer, type TestServer } from '../support/realtime'
import { openTestDatabase, type TestDb } from '../support/test-db'
import { CASE_FILES } from './cases'
import type { ActionCase, RouteCase, World } from './cases/types'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session, requestCookie: () => undefined }))

const ROOT = path.resolve(__dirname, '../..')
function files(dir: string, name: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e)
    if (statSync(p).isDirectory()) out.push(...files(p, name))
    else if (e === name) out.push(path.relative(ROOT, p))
  }
  return out.sort()
}
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

const routeCases: Record<string, RouteCase> = Object.assign({}, ...CASE_FILES.map((f) => f.routes))
const actionCases: Record<string, ActionCase> = Object.assign({}, ...CASE_FILES.map((f) => f.actions))

let t: TestDb
const world = {} as World

/** Every workspace-owned row of a workspace, as it sees them: must be identical before and after an attack. */
async function snapshot(workspaceId: string, owner: { id: string }): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(
    await t.db.execute(sql`select distinct table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id' order by 1`),
  ).map((r) => r.table_name)
  const out: Record<string, unknown> = await inWorkspace(workspaceId, null, async (tx) => {
    const o: Record<string, unknown> = { workspaces: rowsOf(await tx.execute(sql`select * from workspaces where id = ${workspaceId}`)) }
    for (const table of tables) o[table] = rowsOf(await tx.execute(sql`select * from ${sql.identifier(table)} order by 1, 2`))
    return o
  })
  out.sessions = await t.db.select().from(sessions).where(eq(sessions.userId, owner.id))
  return JSON.stringify(out)
}
const snapshotB = () => snapshot(world.B.ws.id, world.B.owner)

let rt: TestServer
beforeAll(async () => {
  t = await openTestDatabase()
  // Server-side writes to live documents (creating a map, say) go through the realtime engine.
  rt = await startRealtimeServer()
  world.A = await teamWorkspace('Alpha')
  world.B = await teamWorkspace('Beta')
  world.ids = {}
  for (const f of CASE_FILES) Object.assign(world.ids, await f.setupB?.(world))
  // Setup signals open pages (a write to B's signals document): let those writes land before the matrix compares B's rows.
  await signalsSettled()
})
afterAll(async () => {
  await rt?.close()
  await t?.drop()
})

// ---- route handlers -------------------------------------------------------

function routeUrl(file: string, params: Record<string, string>, query: Record<string, string> = {}): string {
  let rel = file.replace(/^app/, '').replace(/\/route\.ts$/, '')
  for (const [k, v] of Object.entries(params)) rel = rel.replace(`[${k}]`, v)
  const qs = new URLSearchParams(query).toString()
  return `${config().appUrl}${rel.replace('[...nextauth]', 'session')}${qs ? `?${qs}` : ''}`
}

async function callRoute(
  file: string,
  method: string,
  opts: { body?: unknown; origin?: string | null; params?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<Response> {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (req: NextRequest, ctx: unknown) => Promise<Response>>
  const origin = opts.origin === undefined ? new URL(config().appUrl).origin : opts.origin
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(origin ? { origin } : {}) }
  const params = { ...(file.includes('[workspaceId]') ? { workspaceId: world.B.ws.id } : {}), ...opts.params }
  const req = new NextRequest(routeUrl(file, params, opts.query), { method, headers, body: method === 'GET' ? undefined : JSON.stringify(opts.body ?? {}) })
  return mod[method]!(req, { params: Promise.resolve(params) })
}

const routes: { file: string; method: string }[] = []
for (const file of files(path.join(ROOT, 'app'), 'route.ts')) {
  const src = readFileSync(path.join(ROOT, file), 'utf8')
  for (const m of METHODS) if (new RegExp(`export (const|async function|function) ${m}\\b`).test(src)) routes.push({ file, method: m })
}

describe('cross-tenant matrix: route handlers', () => {
  it('has a case for every route handler', () => {
    const missing = routes.map((r) => `${r.file} ${r.method}`).filter((k) => !(k in routeCases))
    expect(missing).toEqual([])
  })

  for (const { file, method } of routes) {
    const c = routeCases[`${file} ${method}`]
    if (!c || c.kind === 'not-scoped') continue
    it(`${method} ${file} answers a member of A with B's ids with 404 and changes nothing`, async () => {
      who.session = sessionOf(world.A.owner)
      const before = await snapshotB()
      const res = await callRoute(file, method, {
        body: c.body?.(world),
        params: c.kind === 'workspace' ? c.params?.(world) : undefined,
        query: c.kind === 'workspace' ? c.query?.(world) : undefined,
      })
      if (c.kind === 'user') await c.check(res, world)
      else expect(res.status).toBe(404)
      expect(await snapshotB()).toBe(before)
    })
  }

  for (const { file, method } of routes.filter((r) => r.method !== 'GET')) {
    const c = routeCases[`${file} ${method}`]
    if (c?.kind === 'not-scoped' && c.crossOrigin) {
      const { check, params } = c.crossOrigin
      it(`${method} ${file} takes cross-origin requests (${c.crossOrigin.why}), and a session cookie gains nothing`, async () => {
        who.session = sessionOf(world.B.owner)
        const before = await snapshotB()
        await check(await callRoute(file, method, { origin: 'https://evil.example', params: params?.(world), body: { name: 'Evil Co' } }))
        expect(await snapshotB()).toBe(before)
      })
      continue
    }
    it(`${method} ${file} refuses another origin, a null origin and a missing origin`, async () => {
      who.session = sessionOf(world.A.owner)
      for (const origin of ['https://evil.example', 'null', null]) {
        const params = c?.kind === 'workspace' ? c.params?.(world) : undefined
        const query = c?.kind === 'workspace' ? c.query?.(world) : undefined
        const res = await callRoute(file, method, { origin, params, query, body: { name: 'Evil Co', doc: `ws.${world.A.ws.id}.m` } })
        expect({ origin, status: res.status }).toEqual({ origin, status: 403 })
      }
    })
  }

  it('gives a signed-out caller 401 and a member who was removed 404 on their next request', async () => {
    const { B } = world
    who.session = null
    expect((await callRoute('app/api/workspaces/[workspaceId]/route.ts', 'GET')).status).toBe(401)
    const leaving = await makeUser(uniqueEmail('leaving'))
    await addMember(B.ws.id, leaving.id, 'editor')
    who.session = sessionOf(leaving)
    expect((await callRoute('app/api/workspaces/[workspaceId]/route.ts', 'GET')).status).toBe(200)
    await removeMember(await ctxOf(B.owner.id, B.ws.id), leaving.id)
    expect((await callRoute('app/api/workspaces/[workspaceId]/route.ts', 'GET')).status).toBe(404)
    expect((await callRoute('app/api/workspaces/[workspaceId]/members/route.ts', 'GET')).status).toBe(404)
  })

  it('answers invalid input with 422 and field-by-field errors, writing nothing', async () => {
    who.session = sessionOf(world.A.owner)
    const before = (await (await callRoute('app/api/workspaces/route.ts', 'GET')).json()) as { workspaces: unknown[] }
    const res = await callRoute('app/api/workspaces/route.ts', 'POST', { body: { name: 'x' } })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ code: 'invalid', fieldErrors: { name: [expect.stringContaining('at least 2')] } })
    const ticket = await callRoute('app/api/realtime/tickets/route.ts', 'POST', { body: { doc: 'not a doc' } })
    expect(ticket.status).toBe(422)
    expect(await ticket.json()).toMatchObject({ fieldErrors: { doc: [expect.any(String)] } })
    const after = (await (await callRoute('app/api/workspaces/route.ts', 'GET')).json()) as { workspaces: unknown[] }
    expect(after.workspaces).toHaveLength(before.workspaces.length)
  })
})

// ---- server actions -------------------------------------------------------

type ActionFn = (input: Record<string, unknown>) => Promise<{ ok: boolean; status?: number; fieldErrors?: Record<string, string[]> }>

const actions: { key: string; file: string; name: string }[] = []
for (const file of files(path.join(ROOT, 'app'), 'actions.ts')) {
  const src = readFileSync(path.join(ROOT, file), 'utf8')
  for (const m of src.matchAll(/export (?:const|async function|function) (\w+)/g)) actions.push({ key: `${file} ${m[1]}`, file, name: m[1]! })
}

async function callAction(file: string, name: string, input: Record<string, unknown>) {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, ActionFn>
  return mod[name]!(input)
}

describe('cross-tenant matrix: server actions', () => {
  it('has a case for every server action', () => {
    expect(actions.map((a) => a.key).filter((k) => !(k in actionCases))).toEqual([])
  })

  for (const { key, file, name } of actions) {
    const c = actionCases[key]
    if (!c || c.kind === 'not-scoped') continue
    it(`${name} (${file}) refuses a member of A acting on B, and B is unchanged`, async () => {
      who.session = sessionOf(world.A.owner)
      const before = await snapshotB()
      const input = c.input(world)
      const result = await callAction(file, name, c.kind === 'workspace' ? { ...input, workspaceId: world.B.ws.id } : input)
      expect(result).toMatchObject({ ok: false, status: c.kind === 'workspace' ? 404 : c.expectStatus })
      expect(await snapshotB()).toBe(before)
    })
    if (c.kind === 'workspace' && !c.viewerMay) {
      it(`${name} (${file}) refuses B's own viewer with 403, and B is unchanged`, async () => {
        who.session = sessionOf(world.B.viewer)
        const before = await snapshotB()
        const result = await callAction(file, name, { ...c.input(world), workspaceId: world.B.ws.id })
        expect(result).toMatchObject({ ok: false, status: 403 })
        expect(await snapshotB()).toBe(before)
      })
    }
  }

  for (const { key, file, name } of actions.filter(({ key }) => !actionCases[key]?.emptyInputOk)) {
    it(`${name} (${file}) answers empty input with field-by-field errors and writes nothing`, async () => {
      who.session = sessionOf(world.A.owner)
      const before = await snapshot(world.A.ws.id, world.A.owner)
      const scoped = actionCases[key]?.kind === 'workspace'
      const result = await callAction(file, name, scoped ? { workspaceId: world.A.ws.id } : {})
      expect(result).toMatchObject({ ok: false, status: 422 })
      expect(Object.keys(result.fieldErrors ?? {}).length).toBeGreaterThan(0)
      expect(await snapshot(world.A.ws.id, world.A.owner)).toBe(before)
    })
  }

  it('answers a signed-out caller with 401 and invalid input with field errors, writing nothing', async () => {
    const { A } = world
    who.session = null
    expect(await callAction('app/w/[slug]/settings/departments/actions.ts', 'createDepartmentAction', { workspaceId: A.ws.id, name: 'X' })).toMatchObject({ ok: false, status: 401 })
    who.session = sessionOf(A.owner)
    const bad = await callAction('app/w/[slug]/settings/departments/actions.ts', 'createDepartmentAction', { workspaceId: A.ws.id, name: '   ' })
    expect(bad).toMatchObject({ ok: false, status: 422, fieldErrors: { name: [expect.any(String)] } })
    const long = await callAction('app/w/[slug]/settings/sso/actions.ts', 'addSsoDomainAction', { workspaceId: A.ws.id, connectionId: 'nope', domain: 'gmail.com' })
    expect(long).toMatchObject({ ok: false, status: 422, fieldErrors: { connectionId: [expect.any(String)], domain: [expect.stringContaining('public')] } })
    expect((await listDepartments(await ctxOf(A.owner.id, A.ws.id))).map((d) => d.name)).not.toContain('')
    const domains = await inWorkspace(A.ws.id, null, (tx) => tx.select().from(ssoDomains))
    expect(domains).toEqual([])
  })
})
