/**
 * The public v1 API with workspace API keys, called in-process as Next would:
 * what an attacker with a bad, revoked or foreign key gets, what a client
 * with a good one gets (validation, body limit, idempotent retries, rate
 * limit), and that the maps routes take keys too.
 */
import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { activityLog, apiKeys, insights } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { API_KEY_PATTERN, createApiKey, listApiKeys, revokeApiKey } from '@/lib/api-keys/keys'
import { config, setConfig } from '@/lib/config'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { createMap } from '@/lib/maps/maps'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import * as insightsRoute from '@/app/api/v1/insights/route'
import * as mapsRoute from '@/app/api/v1/maps/route'
import * as mapRoute from '@/app/api/v1/maps/[mapId]/route'
import { createApiKeyAction, revokeApiKeyAction } from '@/app/w/[slug]/settings/api-keys/actions'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
let env: LiveEnv
let A: Team
let B: Team
let keyA: string
let keyB: string
let mapA: string
let mapB: string

beforeAll(async () => {
  env = await openLiveEnvironment()
  A = await teamWorkspace('Alpha API')
  B = await teamWorkspace('Beta API')
  keyA = (await createApiKey(await ctxOf(A.admin.id, A.ws.id), { name: 'Alpha desk' })).key
  keyB = (await createApiKey(await ctxOf(B.owner.id, B.ws.id), { name: 'Beta desk' })).key
  mapA = (await createMap(await ctxOf(A.owner.id, A.ws.id), { name: 'Alpha journey', template: 'lifecycle' })).id
  mapB = (await createMap(await ctxOf(B.owner.id, B.ws.id), { name: 'Beta secret journey', template: 'lifecycle' })).id
})
afterAll(async () => {
  await env?.close()
})

const url = (path: string) => `${config().appUrl}${path}`
const noParams = { params: Promise.resolve({}) }

function req(method: string, path: string, opts: { key?: string | null; authorization?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (opts.authorization !== undefined) headers.authorization = opts.authorization
  else if (opts.key) headers.authorization = `Bearer ${opts.key}`
  let body: BodyInit | undefined = opts.raw
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['content-type'] = 'application/json'
  }
  return new NextRequest(url(path), { method, headers, body, ...(opts.raw instanceof ReadableStream ? { duplex: 'half' } : {}) } as ConstructorParameters<typeof NextRequest>[1])
}

const postInsights = (key: string | null, body: unknown, headers: Record<string, string> = {}, path = '/api/v1/insights') =>
  insightsRoute.POST(req('POST', path, { key, body, headers }), noParams)

const countInsights = async (workspaceId: string, title?: string) =>
  inWorkspace(workspaceId, null, async (tx) =>
    Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from insights where workspace_id = ${workspaceId} ${title ? sql`and title = ${title}` : sql``}`))[0]!.n),
  )

const insight = (title: string, extra: Record<string, unknown> = {}) => ({ title, type: 'complaint', source: 'support', topics: ['Checkout'], ...extra })

describe('API keys (service and settings actions)', () => {
  it('shows the key once and stores only its SHA-256 and a short prefix', async () => {
    const created = await createApiKey(await ctxOf(A.owner.id, A.ws.id), { name: 'Stored check' })
    expect(created.key).toMatch(API_KEY_PATTERN)
    const [row] = await inWorkspace(A.ws.id, null, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, created.id)))
    expect(row!.hash).toBe(createHash('sha256').update(created.key).digest('hex'))
    expect(row!.prefix).toBe(created.key.slice(0, 10))
    expect(JSON.stringify(row)).not.toContain(created.key.slice(10))
    const listed = await listApiKeys(await ctxOf(A.owner.id, A.ws.id))
    expect(listed.find((k) => k.id === created.id)).toMatchObject({ name: 'Stored check', prefix: created.key.slice(0, 10), createdBy: { id: A.owner.id } })
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(10))
    expect(JSON.stringify(listed)).not.toContain(row!.hash)
  })

  it('lets only admins and owners create, list and revoke keys', async () => {
    for (const person of [A.manager, A.editor, A.viewer]) {
      who.session = sessionOf(person)
      expect(await createApiKeyAction({ workspaceId: A.ws.id, name: 'Sneaky' })).toMatchObject({ ok: false, status: 403 })
      await expect(listApiKeys(await ctxOf(person.id, A.ws.id))).rejects.toMatchObject({ status: 403 })
    }
    who.session = sessionOf(A.admin)
    const made = await createApiKeyAction({ workspaceId: A.ws.id, name: 'Admin made' })
    expect(made).toMatchObject({ ok: true, data: { name: 'Admin made', key: expect.stringMatching(API_KEY_PATTERN) } })
    expect(await createApiKeyAction({ workspaceId: A.ws.id, name: '  ' })).toMatchObject({ ok: false, status: 422, fieldErrors: { name: [expect.any(String)] } })
    expect(await createApiKeyAction({ workspaceId: A.ws.id, name: 'x'.repeat(81) })).toMatchObject({ ok: false, status: 422, fieldErrors: { name: [expect.stringContaining('80')] } })
    const id = (made as { data: { id: string } }).data.id
    who.session = sessionOf(A.manager)
    expect(await revokeApiKeyAction({ workspaceId: A.ws.id, keyId: id })).toMatchObject({ ok: false, status: 403 })
    who.session = sessionOf(A.owner)
    expect(await revokeApiKeyAction({ workspaceId: A.ws.id, keyId: id })).toMatchObject({ ok: true })
    expect(await revokeApiKeyAction({ workspaceId: A.ws.id, keyId: id })).toMatchObject({ ok: false, status: 404 })
    const log = await inWorkspace(A.ws.id, null, (tx) => tx.select().from(activityLog).where(eq(activityLog.subject, 'Admin made')))
    expect(log.map((l) => l.action).sort()).toEqual(['apikey.created', 'apikey.revoked'])
  })

  it("cannot revoke another workspace's key (404), even knowing its id", async () => {
    const b = await createApiKey(await ctxOf(B.owner.id, B.ws.id), { name: 'B only' })
    await expect(revokeApiKey(await ctxOf(A.owner.id, A.ws.id), b.id)).rejects.toMatchObject({ status: 404 })
    const res = await mapsRoute.GET(req('GET', '/api/v1/maps', { key: b.key }), noParams)
    expect(res.status).toBe(200)
  })
})

describe('authentication', () => {
  it('answers a malformed, unknown or revoked key with 401 and no detail', async () => {
    const ctx = await ctxOf(A.owner.id, A.ws.id)
    const doomed = await createApiKey(ctx, { name: 'Doomed' })
    expect((await mapsRoute.GET(req('GET', '/api/v1/maps', { key: doomed.key }), noParams)).status).toBe(200)
    await revokeApiKey(ctx, doomed.id)
    const unknown = 'tm_' + 'A'.repeat(43)
    const attempts = [`Bearer ${doomed.key}`, `Bearer ${unknown}`, 'Bearer nope', 'Bearer ', `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${keyA} extra`, `Bearer ${keyA.slice(0, -1)}`]
    for (const authorization of attempts) {
      for (const call of [
        () => mapsRoute.GET(req('GET', '/api/v1/maps', { authorization }), noParams),
        () => insightsRoute.POST(req('POST', '/api/v1/insights', { authorization, body: insight('Should not exist') }), noParams),
        () => insightsRoute.GET(req('GET', '/api/v1/insights', { authorization }), noParams),
      ]) {
        const res = await call()
        expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 })
        expect(await res.text()).toBe('{"error":"unauthorized"}')
      }
    }
    expect(await countInsights(A.ws.id, 'Should not exist')).toBe(0)
  })

  it('records when a key was last used, without a write per request', async () => {
    const ctx = await ctxOf(A.owner.id, A.ws.id)
    const k = await createApiKey(ctx, { name: 'Usage' })
    expect((await listApiKeys(ctx)).find((x) => x.id === k.id)!.lastUsedAt).toBeNull()
    for (let i = 0; i < 3; i++) expect((await mapsRoute.GET(req('GET', '/api/v1/maps', { key: k.key }), noParams)).status).toBe(200)
    await expect.poll(async () => (await listApiKeys(ctx)).find((x) => x.id === k.id)!.lastUsedAt).not.toBeNull()
    const first = (await listApiKeys(ctx)).find((x) => x.id === k.id)!.lastUsedAt
    await mapsRoute.GET(req('GET', '/api/v1/maps', { key: k.key }), noParams)
    await new Promise((r) => setTimeout(r, 100))
    expect((await listApiKeys(ctx)).find((x) => x.id === k.id)!.lastUsedAt).toBe(first)
  })
})

describe('one workspace per key', () => {
  it("answers a key of A asking for B's maps and insights with 404", async () => {
    expect((await mapRoute.GET(req('GET', `/api/v1/maps/${mapB}`, { key: keyA }), { params: Promise.resolve({ mapId: mapB }) })).status).toBe(404)
    expect((await mapRoute.GET(req('GET', `/api/v1/maps/${mapB}?workspace=${B.ws.id}`, { key: keyA }), { params: Promise.resolve({ mapId: mapB }) })).status).toBe(404)
    expect((await mapsRoute.GET(req('GET', `/api/v1/maps?workspace=${B.ws.id}`, { key: keyA }), noParams)).status).toBe(404)
    expect((await insightsRoute.GET(req('GET', `/api/v1/insights?workspace=${B.ws.id}`, { key: keyA }), noParams)).status).toBe(404)
    const own = await mapsRoute.GET(req('GET', '/api/v1/maps', { key: keyA }), noParams)
    const body = JSON.stringify(await own.json())
    expect(body).toContain('Alpha journey')
    expect(body).not.toContain('Beta')
    const detail = await mapRoute.GET(req('GET', `/api/v1/maps/${mapA}?workspace=${A.ws.id}`, { key: keyA }), { params: Promise.resolve({ mapId: mapA }) })
    expect(detail.status).toBe(200)
    expect(await detail.json()).toMatchObject({ id: mapA, name: 'Alpha journey' })
  })

  it("cannot write into B with A's key, and keys may not create maps", async () => {
    const before = await countInsights(B.ws.id)
    expect((await postInsights(keyA, insight('Planted in B'), {}, `/api/v1/insights?workspace=${B.ws.id}`)).status).toBe(404)
    expect(await countInsights(B.ws.id)).toBe(before)
    const created = await postInsights(keyA, insight('Lands in A'))
    expect(created.status).toBe(201)
    expect(await countInsights(A.ws.id, 'Lands in A')).toBe(1)
    expect(await countInsights(B.ws.id, 'Lands in A')).toBe(0)
    const map = await mapsRoute.POST(req('POST', '/api/v1/maps', { key: keyA, body: { name: 'By key', template: 'blank' } }), noParams)
    expect(map.status).toBe(403)
  })

  it('reads the feed of its own workspace with filters and a cursor', async () => {
    for (const [t, type] of [['Feed one', 'praise'], ['Feed two', 'complaint'], ['Feed three', 'praise']] as const) {
      expect((await postInsights(keyB, insight(t, { type }))).status).toBe(201)
    }
    const page = (await (await insightsRoute.GET(req('GET', '/api/v1/insights?type=praise&limit=1', { key: keyB }), noParams)).json()) as {
      items: { title: string; type: string }[]
      nextCursor: string | null
    }
    expect(page.items).toEqual([expect.objectContaining({ title: 'Feed three', type: 'praise' })])
    expect(page.nextCursor).toEqual(expect.any(String))
    const next = (await (await insightsRoute.GET(req('GET', `/api/v1/insights?type=praise&limit=1&cursor=${page.nextCursor}`, { key: keyB }), noParams)).json()) as {
      items: { title: string }[]
    }
    expect(next.items.map((i) => i.title)).toEqual(['Feed one'])
    const bad = await insightsRoute.GET(req('GET', '/api/v1/insights?type=rumour&limit=0', { key: keyB }), noParams)
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({ fieldErrors: { type: [expect.any(String)], limit: [expect.any(String)] } })
  })
})

describe('creating insights', () => {
  it('creates one insight or a batch, and answers bad input with 422 and field paths', async () => {
    const one = await postInsights(keyA, insight('Single via API'))
    expect(one.status).toBe(201)
    expect(await one.json()).toEqual({ insight: { id: expect.any(String), createdAt: expect.any(String) } })
    const [row] = await inWorkspace(A.ws.id, null, (tx) => tx.select().from(insights).where(eq(insights.title, 'Single via API')))
    expect(row).toMatchObject({ via: 'api', authorId: null, apiKeyId: expect.any(String), topics: ['checkout'] })

    const batch = await postInsights(keyA, { insights: [insight('Batch 1'), insight('Batch 2')] })
    expect(batch.status).toBe(201)
    expect(((await batch.json()) as { insights: unknown[] }).insights).toHaveLength(2)

    const missing = await postInsights(keyA, { body: 'no title' })
    expect(missing.status).toBe(422)
    expect(await missing.json()).toMatchObject({ code: 'invalid', fieldErrors: { title: [expect.any(String)], type: [expect.any(String)], source: [expect.any(String)] } })

    const badBatch = await postInsights(keyA, { insights: [insight('Fine'), insight('Wrong type', { type: 'rumour' })] })
    expect(badBatch.status).toBe(422)
    expect(await badBatch.json()).toMatchObject({ fieldErrors: { 'insights.1.type': [expect.any(String)] } })
    const ghost = await postInsights(keyA, { insights: [insight('Ghost link', { touchpointIds: ['tp-nope'] }), insight('Ok')] })
    expect(ghost.status).toBe(422)
    expect(await ghost.json()).toMatchObject({ fieldErrors: { 'insights.0.touchpointIds': [expect.stringContaining('tp-nope')] } })
    const tooMany = await postInsights(keyA, { insights: Array.from({ length: 501 }, (_, i) => insight(`Many ${i}`)) })
    expect(tooMany.status).toBe(422)
    expect(await tooMany.json()).toMatchObject({ fieldErrors: { insights: [expect.stringContaining('500')] } })
    const notJson = await insightsRoute.POST(req('POST', '/api/v1/insights', { key: keyA, raw: '{"title":', headers: { 'content-type': 'application/json' } }), noParams)
    expect(notJson.status).toBe(422)
    expect(await countInsights(A.ws.id, 'Fine')).toBe(0)
    expect(await countInsights(A.ws.id, 'Ok')).toBe(0)
    expect(await countInsights(A.ws.id, 'Many 0')).toBe(0)
  })

  it('refuses bodies over 256 KB with 413, by Content-Length and while reading a chunked body', async () => {
    const big = JSON.stringify(insight('Too big', { body: 'x'.repeat(300 * 1024) }))
    const declared = await insightsRoute.POST(req('POST', '/api/v1/insights', { key: keyA, raw: big, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } }), noParams)
    expect(declared.status).toBe(413)
    let pulled = 0
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"title":"Chunked","type":"complaint","source":"support","body":"'))
      },
      pull(c) {
        pulled++
        if (pulled > 1000) c.close()
        else c.enqueue(chunk)
      },
    })
    const chunked = await insightsRoute.POST(req('POST', '/api/v1/insights', { key: keyA, raw: stream, headers: { 'content-type': 'application/json' } }), noParams)
    expect(chunked.status).toBe(413)
    expect(pulled).toBeLessThan(40) // stopped reading soon after 256 KB, not at 16 MB
    expect(await countInsights(A.ws.id, 'Too big')).toBe(0)
    expect(await countInsights(A.ws.id, 'Chunked')).toBe(0)
    // A body just under the limit is fine.
    const fits = await postInsights(keyA, insight('Fits', { body: 'y'.repeat(9_000) }))
    expect(fits.status).toBe(201)
  })

  it('replays the first answer for a retry with the same Idempotency-Key and creates one insight', async () => {
    const headers = { 'idempotency-key': 'retry-1' }
    const first = await postInsights(keyA, insight('Idempotent'), headers)
    expect(first.status).toBe(201)
    const firstBody = await first.json()
    const again = await postInsights(keyA, { source: 'support', type: 'complaint', topics: ['Checkout'], title: 'Idempotent' }, headers)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(firstBody)
    expect(await countInsights(A.ws.id, 'Idempotent')).toBe(1)

    const other = await postInsights(keyA, insight('Different body'), headers)
    expect(other.status).toBe(422)
    expect(await other.json()).toMatchObject({ fieldErrors: { 'Idempotency-Key': [expect.stringContaining('different request')] } })
    expect(await countInsights(A.ws.id, 'Different body')).toBe(0)

    // The same key string under another API key is another key.
    expect((await postInsights(keyB, insight('Idempotent'), headers)).status).toBe(201)
    expect(await countInsights(B.ws.id, 'Idempotent')).toBe(1)

    const bad = await postInsights(keyA, insight('Bad key'), { 'idempotency-key': 'k'.repeat(201) })
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({ fieldErrors: { 'Idempotency-Key': [expect.any(String)] } })

    // A failed request is not stored: the corrected retry may reuse its key.
    expect((await postInsights(keyA, insight('', {}), { 'idempotency-key': 'fix-me' })).status).toBe(422)
    expect((await postInsights(keyA, insight('Fixed'), { 'idempotency-key': 'fix-me' })).status).toBe(201)
  })

  it('creates one insight when retries with the same Idempotency-Key arrive at once', async () => {
    const headers = { 'idempotency-key': 'storm-1' }
    const answers = await Promise.all(Array.from({ length: 6 }, () => postInsights(keyA, { insights: [insight('Storm'), insight('Storm')] }, headers)))
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201))
    const bodies = await Promise.all(answers.map((a) => a.json()))
    for (const b of bodies) expect(b).toEqual(bodies[0])
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5)
    expect(await countInsights(A.ws.id, 'Storm')).toBe(2)
  })

  it('limits each key to API_RATE_LIMIT_PER_MINUTE requests and says when to retry', async () => {
    const base = config()
    const ctx = await ctxOf(A.owner.id, A.ws.id)
    const k = await createApiKey(ctx, { name: 'Busy' })
    const other = await createApiKey(ctx, { name: 'Calm' })
    setConfig({ ...base, apiRateLimitPerMinute: 3 })
    try {
      for (let i = 0; i < 3; i++) expect((await mapsRoute.GET(req('GET', '/api/v1/maps', { key: k.key }), noParams)).status).toBe(200)
      const limited = await postInsights(k.key, insight('Over the limit'))
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await countInsights(A.ws.id, 'Over the limit')).toBe(0)
      // Other keys have their own budget.
      expect((await mapsRoute.GET(req('GET', '/api/v1/maps', { key: other.key }), noParams)).status).toBe(200)
    } finally {
      setConfig(base)
    }
  })

  it('takes the budget from the shared counter in slices, and processes together never exceed it', async () => {
    const base = config()
    const k = await createApiKey(await ctxOf(A.owner.id, A.ws.id), { name: 'Sliced' })
    setConfig({ ...base, apiRateLimitPerMinute: 40 }) // slices of 2
    const leases = (globalThis as unknown as { __touchmapApiLeases: Map<string, unknown> }).__touchmapApiLeases
    try {
      let ok = 0
      for (let i = 0; i < 45; i++) {
        // Every few requests, forget this process's slice: as if the next request reached another process.
        if (i % 7 === 3) leases.clear()
        const res = await mapsRoute.GET(req('GET', '/api/v1/maps', { key: k.key }), noParams)
        if (res.status === 200) ok++
        else expect(res.status).toBe(429)
      }
      expect(ok).toBeLessThanOrEqual(40)
      expect(ok).toBeGreaterThanOrEqual(40 - 2 * 7) // a forgotten slice may lose at most one request each time
      const [row] = rowsOf<{ count: number }>(await env.t.db.execute(sql`select count from rate_limits where key = ${`api:${(await listApiKeys(await ctxOf(A.owner.id, A.ws.id))).find((x) => x.name === 'Sliced')!.id}`}`))
      // One row write per slice of 2, not per request (refused requests still try for a slice each).
      expect(row!.count % 2).toBe(0)
      expect(row!.count / 2).toBeLessThan(45)
    } finally {
      setConfig(base)
    }
  })

  it('still serves signed-in people (with their role and the Origin check) when no key is sent', async () => {
    const origin = new URL(config().appUrl).origin
    who.session = sessionOf(A.editor)
    const path = `/api/v1/insights?workspace=${A.ws.id}`
    expect((await insightsRoute.POST(req('POST', path, { body: insight('From a person'), headers: { origin } }), noParams)).status).toBe(201)
    expect((await insightsRoute.POST(req('POST', path, { body: insight('Cross origin'), headers: { origin: 'https://evil.example' } }), noParams)).status).toBe(403)
    who.session = sessionOf(A.viewer)
    expect((await insightsRoute.POST(req('POST', path, { body: insight('Viewer wrote'), headers: { origin } }), noParams)).status).toBe(403)
    expect((await insightsRoute.GET(req('GET', path), noParams)).status).toBe(200)
    who.session = null
    expect((await insightsRoute.GET(req('GET', path), noParams)).status).toBe(401)
    const [row] = await inWorkspace(A.ws.id, null, (tx) => tx.select().from(insights).where(eq(insights.title, 'From a person')))
    expect(row).toMatchObject({ authorId: A.editor.id, apiKeyId: null, via: 'api' })
    expect(await countInsights(A.ws.id, 'Cross origin')).toBe(0)
    expect(await countInsights(A.ws.id, 'Viewer wrote')).toBe(0)
  })
})
