/**
 * The cross-tenant matrix: a member of workspace A calls every route handler
 * and every server action with workspace B's ids. Each answers 404 (or is
 * listed here as not workspace-scoped, with why) and B is unchanged. The
 * handlers are enumerated from app/, so a new one without a case fails.
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
import { createInvitation, listPendingInvitations } from '@/lib/invitations/invitations'
import { removeMember } from '@/lib/members/manage-members'
import { sessionId } from '@/lib/sessions/sessions'
import { addDomain } from '@/lib/sso/manage-connections'
import { ssoConnections } from '@/db/schema'
import { seal } from '@/lib/crypto/secret-box'
import { addMember, ctxOf, makeUser, sessionOf, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { openTestDatabase, type TestDb } from '../support/test-db'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session }))

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

let t: TestDb
let A: Awaited<ReturnType<typeof teamWorkspace>>
let B: Awaited<ReturnType<typeof teamWorkspace>>
let ids: Record<string, string>

/** Every workspace-owned row of B, as B sees them: must be identical before and after an attack. */
async function snapshot(workspaceId: string, owner: { id: string }): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(
    await t.db.execute(sql`select distinct table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id' order by 1`),
  ).map((r) => r.table_name)
  const out: Record<string, unknown> = await inWorkspace(workspaceId, null, async (tx) => {
    const o: Record<string, unknown> = { workspaces: rowsOf(await tx.execute(sql`select * from workspaces where id = ${workspaceId}`)) }
    for (const table of tables) o[table] = rowsOf(await tx.execute(sql`select * from ${sql.identifier(table)} order by 1`))
    return o
  })
  out.sessions = await t.db.select().from(sessions).where(eq(sessions.userId, owner.id))
  return JSON.stringify(out)
}
const snapshotB = () => snapshot(B.ws.id, B.owner)

beforeAll(async () => {
  t = await openTestDatabase()
  A = await teamWorkspace('Alpha')
  B = await teamWorkspace('Beta')
  const bOwner = await ctxOf(B.owner.id, B.ws.id)
  const [dept] = await listDepartments(bOwner)
  await createInvitation(bOwner, { email: uniqueEmail('b-invitee'), role: 'viewer' })
  const [inv] = await listPendingInvitations(bOwner)
  const [conn] = await inWorkspace(B.ws.id, B.owner.id, (tx) =>
    tx
      .insert(ssoConnections)
      .values({ workspaceId: B.ws.id, name: 'B IdP', issuer: 'https://idp.beta.test', clientId: 'b', clientSecretEnc: seal('b'), defaultRoleKey: 'viewer' })
      .returning(),
  )
  const domain = await addDomain(bOwner, conn!.id, 'beta-corp.test')
  await t.db.insert(sessions).values({ sessionToken: 'b-owner-session', userId: B.owner.id, expires: new Date(Date.now() + 86_400_000) })
  ids = {
    workspaceId: B.ws.id,
    departmentId: dept!.id,
    invitationId: inv!.id,
    connectionId: conn!.id,
    domainId: domain.id,
    userId: B.editor.id,
    sessionId: sessionId('b-owner-session'),
  }
})
afterAll(() => t?.drop())

// ---- route handlers -------------------------------------------------------

type RouteCase =
  | { kind: 'workspace'; body?: unknown }
  | { kind: 'body-workspace'; body: () => unknown }
  | { kind: 'user'; check: (res: Response) => Promise<void> }
  | { kind: 'not-scoped'; why: string }

const routeCases: Record<string, RouteCase> = {
  'app/api/health/route.ts GET': { kind: 'not-scoped', why: 'reports only whether the database answers' },
  'app/api/metrics/route.ts GET': { kind: 'not-scoped', why: 'process-wide counters, no workspace data' },
  'app/api/auth/[...nextauth]/route.ts GET': { kind: 'not-scoped', why: 'Auth.js protocol endpoints; no workspace ids (SSO covered in tests/integration/auth-sso.test.ts)' },
  'app/api/auth/[...nextauth]/route.ts POST': { kind: 'not-scoped', why: 'Auth.js protocol endpoints; no workspace ids' },
  'app/api/workspaces/route.ts GET': {
    kind: 'user',
    check: async (res) => {
      const { workspaces } = (await res.json()) as { workspaces: { id: string }[] }
      expect(workspaces.map((w) => w.id)).toEqual([A.ws.id])
    },
  },
  'app/api/workspaces/route.ts POST': { kind: 'not-scoped', why: 'creates a new workspace owned by the caller' },
  'app/api/workspaces/[workspaceId]/route.ts GET': { kind: 'workspace' },
  'app/api/workspaces/[workspaceId]/members/route.ts GET': { kind: 'workspace' },
  'app/api/workspaces/[workspaceId]/activity/route.ts GET': { kind: 'workspace' },
  'app/api/realtime/tickets/route.ts POST': { kind: 'body-workspace', body: () => ({ doc: `ws.${B.ws.id}.map-1` }) },
}

function routeUrl(file: string): string {
  const rel = file.replace(/^app/, '').replace(/\/route\.ts$/, '')
  return `${config().appUrl}${rel.replace('[workspaceId]', B.ws.id).replace('[...nextauth]', 'session')}`
}

async function callRoute(file: string, method: string, opts: { body?: unknown; origin?: string | null } = {}): Promise<Response> {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (req: NextRequest, ctx: unknown) => Promise<Response>>
  const origin = opts.origin === undefined ? new URL(config().appUrl).origin : opts.origin
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(origin ? { origin } : {}) }
  const req = new NextRequest(routeUrl(file), { method, headers, body: method === 'GET' ? undefined : JSON.stringify(opts.body ?? {}) })
  return mod[method]!(req, { params: Promise.resolve(file.includes('[workspaceId]') ? { workspaceId: B.ws.id } : {}) })
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
      who.session = sessionOf(A.owner)
      const before = await snapshotB()
      const res = await callRoute(file, method, { body: c.kind === 'body-workspace' ? c.body() : c.kind === 'workspace' ? c.body : undefined })
      if (c.kind === 'user') await c.check(res)
      else expect(res.status).toBe(404)
      expect(await snapshotB()).toBe(before)
    })
  }

  for (const { file, method } of routes.filter((r) => r.method !== 'GET')) {
    it(`${method} ${file} refuses another origin, a null origin and a missing origin`, async () => {
      who.session = sessionOf(A.owner)
      for (const origin of ['https://evil.example', 'null', null]) {
        const res = await callRoute(file, method, { origin, body: { name: 'Evil Co', doc: `ws.${A.ws.id}.m` } })
        expect({ origin, status: res.status }).toEqual({ origin, status: 403 })
      }
    })
  }

  it('gives a signed-out caller 401 and a member who was removed 404 on their next request', async () => {
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
    who.session = sessionOf(A.owner)
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

type ActionFn = (input: Record<string, unknown>) => Promise<{ ok: boolean; status?: number }>
type ActionCase =
  | { kind: 'workspace'; input: () => Record<string, unknown>; viewerMay?: boolean }
  | { kind: 'user'; input: () => Record<string, unknown>; expectStatus: number }
  | { kind: 'not-scoped'; why: string }

const actionCases: Record<string, ActionCase> = {
  'app/signin/actions.ts requestMagicLink': { kind: 'not-scoped', why: 'sign-in: anyone, no workspace ids (tests/integration/auth-magic-link.test.ts)' },
  'app/signin/actions.ts continueWithSso': { kind: 'not-scoped', why: 'sign-in: routes by email domain (tests/integration/auth-sso.test.ts)' },
  'app/workspaces/new/actions.ts createWorkspaceAction': { kind: 'not-scoped', why: 'creates a workspace owned by the caller' },
  'app/account/actions.ts updateProfile': { kind: 'not-scoped', why: "changes the caller's own name" },
  'app/account/actions.ts signOutAction': { kind: 'not-scoped', why: "ends the caller's own session" },
  'app/account/actions.ts signOutEverywhere': { kind: 'not-scoped', why: "deletes the caller's own sessions (B's session survives: checked by the snapshot in revokeSession's case)" },
  'app/account/actions.ts revokeSession': { kind: 'user', input: () => ({ sessionId: ids.sessionId }), expectStatus: 404 },
  'app/invite/[token]/actions.ts acceptInvitationAction': { kind: 'user', input: () => ({ token: 'x'.repeat(43) }), expectStatus: 404 },
  'app/w/[slug]/settings/actions.ts renameWorkspaceAction': { kind: 'workspace', input: () => ({ name: 'Pwned' }) },
  'app/w/[slug]/settings/actions.ts deleteWorkspaceAction': { kind: 'workspace', input: () => ({ confirmName: B.ws.name }) },
  'app/w/[slug]/settings/actions.ts leaveWorkspaceAction': { kind: 'workspace', input: () => ({}), viewerMay: true },
  'app/w/[slug]/settings/members/actions.ts inviteMemberAction': { kind: 'workspace', input: () => ({ email: 'spy@evil.test', role: 'admin' }) },
  'app/w/[slug]/settings/members/actions.ts revokeInvitationAction': { kind: 'workspace', input: () => ({ invitationId: ids.invitationId }) },
  'app/w/[slug]/settings/members/actions.ts changeMemberRoleAction': { kind: 'workspace', input: () => ({ userId: ids.userId, role: 'viewer' }) },
  'app/w/[slug]/settings/members/actions.ts setMemberDepartmentAction': { kind: 'workspace', input: () => ({ userId: ids.userId, departmentId: ids.departmentId }) },
  'app/w/[slug]/settings/members/actions.ts removeMemberAction': { kind: 'workspace', input: () => ({ userId: ids.userId }) },
  'app/w/[slug]/settings/departments/actions.ts createDepartmentAction': { kind: 'workspace', input: () => ({ name: 'Spies' }) },
  'app/w/[slug]/settings/departments/actions.ts renameDepartmentAction': { kind: 'workspace', input: () => ({ departmentId: ids.departmentId, name: 'Spies' }) },
  'app/w/[slug]/settings/departments/actions.ts deleteDepartmentAction': { kind: 'workspace', input: () => ({ departmentId: ids.departmentId }) },
  'app/w/[slug]/settings/sso/actions.ts createSsoConnectionAction': {
    kind: 'workspace',
    input: () => ({ name: 'Evil', issuer: 'https://evil.test', clientId: 'e', clientSecret: 'e', defaultRole: 'admin' }),
  },
  'app/w/[slug]/settings/sso/actions.ts updateSsoConnectionAction': {
    kind: 'workspace',
    input: () => ({ connectionId: ids.connectionId, name: 'Evil', issuer: 'https://evil.test', clientId: 'e', defaultRole: 'admin', enabled: 'on' }),
  },
  'app/w/[slug]/settings/sso/actions.ts deleteSsoConnectionAction': { kind: 'workspace', input: () => ({ connectionId: ids.connectionId }) },
  'app/w/[slug]/settings/sso/actions.ts addSsoDomainAction': { kind: 'workspace', input: () => ({ connectionId: ids.connectionId, domain: 'evil-corp.test' }) },
  'app/w/[slug]/settings/sso/actions.ts verifySsoDomainAction': { kind: 'workspace', input: () => ({ domainId: ids.domainId, attest: 'on' }) },
  'app/w/[slug]/settings/sso/actions.ts removeSsoDomainAction': { kind: 'workspace', input: () => ({ domainId: ids.domainId }) },
}

const actionFiles = files(path.join(ROOT, 'app'), 'actions.ts')
const actions: { key: string; file: string; name: string }[] = []
for (const file of actionFiles) {
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
      who.session = sessionOf(A.owner)
      const before = await snapshotB()
      const input = c.input()
      const result = await callAction(file, name, c.kind === 'workspace' ? { ...input, workspaceId: B.ws.id } : input)
      expect(result).toMatchObject({ ok: false, status: c.kind === 'workspace' ? 404 : c.expectStatus })
      expect(await snapshotB()).toBe(before)
    })
    if (c.kind === 'workspace' && !c.viewerMay) {
      it(`${name} (${file}) refuses B's own viewer with 403, and B is unchanged`, async () => {
        who.session = sessionOf(B.viewer)
        const before = await snapshotB()
        const result = await callAction(file, name, { ...c.input(), workspaceId: B.ws.id })
        expect(result).toMatchObject({ ok: false, status: 403 })
        expect(await snapshotB()).toBe(before)
      })
    }
  }

  const withFields = actions.filter(({ key }) => !['app/w/[slug]/settings/actions.ts leaveWorkspaceAction', 'app/account/actions.ts signOutAction', 'app/account/actions.ts signOutEverywhere'].includes(key))
  for (const { key, file, name } of withFields) {
    it(`${name} (${file}) answers empty input with field-by-field errors and writes nothing`, async () => {
      who.session = sessionOf(A.owner)
      const before = await snapshot(A.ws.id, A.owner)
      const scoped = actionCases[key]?.kind === 'workspace'
      const result = (await callAction(file, name, scoped ? { workspaceId: A.ws.id } : {})) as { ok: boolean; status: number; fieldErrors?: Record<string, string[]> }
      expect(result).toMatchObject({ ok: false, status: 422 })
      expect(Object.keys(result.fieldErrors ?? {}).length).toBeGreaterThan(0)
      expect(await snapshot(A.ws.id, A.owner)).toBe(before)
    })
  }

  it('answers a signed-out caller with 401 and invalid input with field errors, writing nothing', async () => {
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
