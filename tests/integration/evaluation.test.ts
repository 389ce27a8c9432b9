import { and, eq, sql } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { activityLog, insights, insightTouchpoints, touchpointScores } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { bulkRetire } from '@/lib/catalog/bulk'
import { config } from '@/lib/config'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import {
  analysisData,
  evaluationsFor,
  getWeights,
  improveNext,
  setEstimates,
  setMyScores,
  setWeights,
  touchpointEvaluation,
} from '@/lib/evaluation/evaluation'
import { DEFAULT_WEIGHTS, healthOf, priorityOf, type Weights } from '@/lib/evaluation/model'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import * as badges from '@/app/api/workspaces/[workspaceId]/evaluations/route'
import * as detail from '@/app/api/workspaces/[workspaceId]/evaluations/[touchpointId]/route'
import { setEstimatesAction, setMyScoresAction, setWeightsAction } from '@/app/w/[slug]/analysis/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
type Ctx = Awaited<ReturnType<typeof ctxOf>>

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

async function seed(team: Team, names: string[]): Promise<string[]> {
  let ids: string[] = []
  const doc = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
    ids = names.map((name) => addTouchpoint(d, { name }, team.owner.id))
    return d
  })
  await projectCatalog(team.ws.id, doc)
  return ids
}

async function addInsight(team: Team, touchpointId: string, patch: { status?: string; merged?: boolean } = {}) {
  await inWorkspace(team.ws.id, team.owner.id, async (tx) => {
    const [target] = patch.merged
      ? await tx.insert(insights).values({ workspaceId: team.ws.id, title: 'Original', type: 'complaint', source: 'support' }).returning({ id: insights.id })
      : [undefined]
    const [i] = await tx
      .insert(insights)
      .values({ workspaceId: team.ws.id, title: 'Checkout is confusing', type: 'complaint', source: 'support', status: patch.status ?? 'new', mergedInto: target?.id ?? null })
      .returning({ id: insights.id })
    await tx.insert(insightTouchpoints).values({ workspaceId: team.ws.id, insightId: i!.id, touchpointId })
  })
}

describe('scores per person and their aggregates', () => {
  let team: Team
  let checkout: string
  let editor: Ctx, manager: Ctx, owner: Ctx
  beforeAll(async () => {
    team = await teamWorkspace('Scores Co')
    checkout = (await seed(team, ['Checkout page']))[0]!
    ;[editor, manager, owner] = await Promise.all([ctxOf(team.editor.id, team.ws.id), ctxOf(team.manager.id, team.ws.id), ctxOf(team.owner.id, team.ws.id)])
  })

  it('keeps one score per person and criterion, and aggregates mean, count and spread', async () => {
    await setMyScores(editor, { touchpointId: checkout!, scores: { value: 4, simplicity: 2 } })
    await setMyScores(manager, { touchpointId: checkout!, scores: { value: 2 } })
    const e = await setMyScores(owner, { touchpointId: checkout!, scores: { value: 3 } })
    expect(e.criteria.value).toMatchObject({ mean: 3, count: 3, min: 2, max: 4 })
    expect(e.criteria.value.spread).toBeCloseTo(Math.sqrt(2 / 3), 6)
    expect(e.criteria.simplicity).toMatchObject({ mean: 2, count: 1, spread: 0 })
    expect(e.criteria.fit).toMatchObject({ mean: null, count: 0 })
    expect(e.people).toBe(3)
    expect(e.mine.value).toBe(3)
    expect(e.mine.simplicity).toBeNull()

    // Scoring again replaces the person's score (upsert), it does not add a second one.
    const again = await setMyScores(editor, { touchpointId: checkout!, scores: { value: 5 } })
    expect(again.criteria.value).toMatchObject({ mean: 10 / 3, count: 3 })
    expect(again.mine).toMatchObject({ value: 5, simplicity: 2 })
    const rows = await inWorkspace(team.ws.id, null, (tx) => tx.select().from(touchpointScores).where(eq(touchpointScores.userId, team.editor.id)))
    expect(rows).toHaveLength(2)
  })

  it('lets a person clear their own score and leaves everyone else’s', async () => {
    const e = await setMyScores(editor, { touchpointId: checkout!, scores: { value: null, simplicity: null } })
    expect(e.criteria.value).toMatchObject({ mean: 2.5, count: 2 })
    expect(e.criteria.simplicity.count).toBe(0)
    expect(e.mine.value).toBeNull()
    expect(e.people).toBe(2)
    expect((await touchpointEvaluation(manager, checkout!)).mine.value).toBe(2)
  })

  it('logs scores and estimates in the activity log with the touchpoint name', async () => {
    await setEstimates(manager, { touchpointId: checkout!, importance: 5, effort: 2 })
    const log = await inWorkspace(team.ws.id, null, (tx) => tx.select().from(activityLog).where(eq(activityLog.workspaceId, team.ws.id)))
    const scored = log.filter((l) => l.action === 'touchpoint.scored')
    expect(scored.length).toBeGreaterThanOrEqual(4)
    expect(scored[0]).toMatchObject({ subject: 'Checkout page', actorId: team.editor.id, data: { touchpointId: checkout, scores: { value: 4, simplicity: 2 } } })
    expect(log.find((l) => l.action === 'touchpoint.estimated')).toMatchObject({ actorId: team.manager.id, data: { importance: 5, effort: 2, from: { importance: null, effort: null } } })
  })

  it('refuses viewers (and editors for the weights), writing nothing', async () => {
    const viewer = await ctxOf(team.viewer.id, team.ws.id)
    await expect(setMyScores(viewer, { touchpointId: checkout!, scores: { value: 1 } })).rejects.toMatchObject({ status: 403 })
    await expect(setEstimates(viewer, { touchpointId: checkout!, importance: 1 })).rejects.toMatchObject({ status: 403 })
    await expect(setWeights(viewer, DEFAULT_WEIGHTS)).rejects.toMatchObject({ status: 403 })
    await expect(setWeights(editor, { ...DEFAULT_WEIGHTS, effort: 5 })).rejects.toMatchObject({ status: 403 })
    const e = await touchpointEvaluation(viewer, checkout!)
    expect(e.canScore).toBe(false)
    expect(e.criteria.value.count).toBe(2)
    expect(e.importance).toBe(5)
    expect(await getWeights(viewer)).toEqual(DEFAULT_WEIGHTS)
    // The same through the server actions: 403 before anything is parsed or written.
    who.session = sessionOf(team.viewer)
    expect(await setMyScoresAction({ workspaceId: team.ws.id, touchpointId: checkout!, scores: { value: 1 } })).toMatchObject({ ok: false, status: 403 })
    expect(await setEstimatesAction({ workspaceId: team.ws.id, touchpointId: checkout!, effort: 5 })).toMatchObject({ ok: false, status: 403 })
    expect((await touchpointEvaluation(viewer, checkout!)).effort).toBe(2)
  })

  it('refuses scores, estimates and weights out of range with field errors, writing nothing', async () => {
    who.session = sessionOf(team.editor)
    for (const bad of [0, 6, 3.5, 'good']) {
      const r = await setMyScoresAction({ workspaceId: team.ws.id, touchpointId: checkout!, scores: { value: bad } })
      expect(r).toMatchObject({ ok: false, status: 422, fieldErrors: { 'scores.value': [expect.stringMatching(/score/i)] } })
    }
    expect(await setMyScoresAction({ workspaceId: team.ws.id, touchpointId: checkout!, scores: { beauty: 3 } })).toMatchObject({ ok: false, status: 422 })
    expect(await setEstimatesAction({ workspaceId: team.ws.id, touchpointId: checkout!, importance: 9 })).toMatchObject({
      ok: false,
      status: 422,
      fieldErrors: { importance: ['Importance is at most 5'] },
    })
    who.session = sessionOf(team.manager)
    expect(await setWeightsAction({ workspaceId: team.ws.id, ...DEFAULT_WEIGHTS, gap: 7 })).toMatchObject({ ok: false, status: 422, fieldErrors: { gap: ['A weight is at most 5'] } })
    const zero = Object.fromEntries(['simplicity', 'fit', 'relevance', 'value', 'appeal', 'personalisation', 'effectiveness'].map((c) => [c, 0]))
    expect(await setWeightsAction({ workspaceId: team.ws.id, ...DEFAULT_WEIGHTS, ...zero })).toMatchObject({ ok: false, status: 422, fieldErrors: { criteria: [expect.any(String)] } })
    const e = await touchpointEvaluation(editor, checkout!)
    expect(e.criteria.value).toMatchObject({ count: 2, mean: 2.5 })
    expect(e.importance).toBe(5)
    expect(await getWeights(editor)).toEqual(DEFAULT_WEIGHTS)
  })

  it('answers 404 for a touchpoint of another workspace or one that does not exist', async () => {
    const other = await teamWorkspace('Other Co')
    const [theirs] = await seed(other, ['Their checkout'])
    await expect(setMyScores(editor, { touchpointId: theirs!, scores: { value: 1 } })).rejects.toMatchObject({ status: 404 })
    await expect(setEstimates(manager, { touchpointId: theirs!, importance: 1 })).rejects.toMatchObject({ status: 404 })
    await expect(touchpointEvaluation(editor, theirs!)).rejects.toMatchObject({ status: 404 })
    await expect(setMyScores(editor, { touchpointId: 'no-such-touchpoint', scores: { value: 1 } })).rejects.toMatchObject({ status: 404 })
    expect((await evaluationsFor(team.ws.id, team.editor.id, [theirs!])).size).toBe(0)
    // Their workspace has no score from us.
    const rows = await inWorkspace(other.ws.id, null, (tx) => tx.select().from(touchpointScores))
    expect(rows).toEqual([])
  })

  it('serves the score panel and the map badges through the routes', async () => {
    who.session = sessionOf(team.viewer)
    const origin = new URL(config().appUrl).origin
    const url = `${config().appUrl}/api/workspaces/${team.ws.id}/evaluations`
    const res = await badges.GET(new NextRequest(url, { headers: { origin } }), { params: Promise.resolve({ workspaceId: team.ws.id }) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { touchpoints: Record<string, { mean: number; count: number; priority: number }> }
    expect(Object.keys(body.touchpoints)).toEqual([checkout])
    expect(body.touchpoints[checkout!]).toMatchObject({ count: 2 })
    const d = await detail.GET(new NextRequest(`${url}/${checkout}`), { params: Promise.resolve({ workspaceId: team.ws.id, touchpointId: checkout! }) })
    expect(d.status).toBe(200)
    expect(await d.json()).toMatchObject({ name: 'Checkout page', canScore: false, criteria: { value: { count: 2 } } })
    const missing = await detail.GET(new NextRequest(`${url}/nope`), { params: Promise.resolve({ workspaceId: team.ws.id, touchpointId: 'nope' }) })
    expect(missing.status).toBe(404)
  })
})

describe('priority and the "improve next" list', () => {
  let team: Team
  let manager: Ctx
  let editor: Ctx
  let ids: Record<string, string>
  beforeAll(async () => {
    team = await teamWorkspace('Priority Co')
    manager = await ctxOf(team.manager.id, team.ws.id)
    editor = await ctxOf(team.editor.id, team.ws.id)
    const names = ['Invoice email', 'Product page', 'Store', 'Hotline', 'Old catalogue', 'Brand new']
    const list = await seed(team, names)
    ids = Object.fromEntries(names.map((n, i) => [n, list[i]!]))
    // Invoice email: poor, important, expensive to change.
    await setMyScores(editor, { touchpointId: ids['Invoice email']!, scores: { value: 2, simplicity: 1 } })
    await setEstimates(editor, { touchpointId: ids['Invoice email']!, importance: 5, effort: 5 })
    // Product page: fine, not very important, cheap.
    await setMyScores(editor, { touchpointId: ids['Product page']!, scores: { value: 4, simplicity: 4 } })
    await setEstimates(editor, { touchpointId: ids['Product page']!, importance: 2, effort: 1 })
    // Store: middling, with many open insights; no estimates (they count as 3).
    await setMyScores(editor, { touchpointId: ids.Store!, scores: { value: 3 } })
    for (let i = 0; i < 4; i++) await addInsight(team, ids.Store!)
    await addInsight(team, ids.Store!, { status: 'dismissed' })
    await addInsight(team, ids.Store!, { merged: true })
    await addInsight(team, ids.Store!, { status: 'actioned' })
    // Hotline: scored like the store, no insights.
    await setMyScores(editor, { touchpointId: ids.Hotline!, scores: { value: 3 } })
    // Old catalogue: the worst of all, but retired.
    await setMyScores(editor, { touchpointId: ids['Old catalogue']!, scores: { value: 1 } })
    await setEstimates(editor, { touchpointId: ids['Old catalogue']!, importance: 5, effort: 1 })
    // Brand new: nobody has scored it.
  })

  // The priority as the formula defines it, with the health these touchpoints have (no KPIs, no negative insights).
  const expected = (w: Weights, x: { score: number; importance: number | null; effort: number | null; openInsights: number }) =>
    priorityOf({ ...x, health: healthOf({ kpis: [], score: x.score, negativeInsights: 0 }, w) }, w)

  it('counts insights that are not dismissed or merged, and open ones (new, in review) for the priority', async () => {
    const all = await evaluationsFor(team.ws.id, team.viewer.id)
    expect(all.get(ids.Store!)).toMatchObject({ insights: 5, mean: 3, count: 1, importance: null, effort: null })
    expect(all.get(ids['Brand new']!)).toEqual({ mean: null, count: 0, priority: null, importance: null, effort: null, insights: 0, openInsights: 0, appeal: null })
    const store = await touchpointEvaluation(editor, ids.Store!)
    expect(store.openInsights).toBe(4)
    expect(store.priority).toBe(expected(DEFAULT_WEIGHTS, { score: 3, importance: null, effort: null, openInsights: 4 }))
    // Only the touchpoints asked for.
    expect([...(await evaluationsFor(team.ws.id, team.viewer.id, [ids.Hotline!])).keys()]).toEqual([ids.Hotline])
  })

  it('ranks by the priority under the default weights, as the formula defines', async () => {
    const weighted = (value: number, simplicity: number) => (2 * value + 1 * simplicity) / 3
    const list = await improveNext(manager)
    const want = [
      { name: 'Old catalogue', p: expected(DEFAULT_WEIGHTS, { score: 1, importance: 5, effort: 1, openInsights: 0 }) },
      { name: 'Invoice email', p: expected(DEFAULT_WEIGHTS, { score: weighted(2, 1), importance: 5, effort: 5, openInsights: 0 }) },
      { name: 'Product page', p: expected(DEFAULT_WEIGHTS, { score: 4, importance: 2, effort: 1, openInsights: 0 }) },
      { name: 'Store', p: expected(DEFAULT_WEIGHTS, { score: 3, importance: null, effort: null, openInsights: 4 }) },
      { name: 'Hotline', p: expected(DEFAULT_WEIGHTS, { score: 3, importance: null, effort: null, openInsights: 0 }) },
    ].sort((a, b) => b.p! - a.p!)
    expect(list.map((r) => [r.name, r.priority])).toEqual(want.map((w) => [w.name, w.p]))
    expect(list.map((r) => r.name)).toEqual(['Old catalogue', 'Invoice email', 'Store', 'Hotline', 'Product page'])
    // Its health (experience 1.67 of 5, no complaints) is 44.4: poor enough to be named.
    expect(list[1]!.reasons.map((r) => r.kind)).toEqual(['highImportance', 'lowScores', 'poorHealth'])
  })

  it('leaves retired and unscored touchpoints out of the list', async () => {
    expect((await improveNext(manager)).map((r) => r.name)).toContain('Old catalogue')
    await bulkRetire(manager, [ids['Old catalogue']!])
    const names = (await improveNext(manager)).map((r) => r.name)
    expect(names).not.toContain('Old catalogue')
    expect(names).not.toContain('Brand new')
    expect(names).toHaveLength(4)
    // It keeps its evaluation (the badge on its page).
    expect((await evaluationsFor(team.ws.id, team.viewer.id, [ids['Old catalogue']!])).get(ids['Old catalogue']!)?.count).toBe(1)
  })

  it('follows the configured weights: weighting effort alone puts the cheapest first, insights alone the store', async () => {
    const effortOnly: Weights = { ...DEFAULT_WEIGHTS, importance: 0, gap: 0, insights: 0, effort: 5, journey: 0, health: 0 }
    await setWeights(manager, effortOnly)
    const byEffort = await improveNext(manager)
    expect(byEffort[0]).toMatchObject({ name: 'Product page', priority: 100 })
    expect(byEffort.at(-1)).toMatchObject({ name: 'Invoice email', priority: 0 })
    // Store and hotline tie (effort unknown = 3): broken by importance (both unknown), then by name.
    expect(byEffort.slice(1, 3).map((r) => [r.name, r.priority])).toEqual([
      ['Hotline', 50],
      ['Store', 50],
    ])

    await setWeights(manager, { ...DEFAULT_WEIGHTS, importance: 0, gap: 0, insights: 1, effort: 0, journey: 0, health: 0 })
    const byInsights = await improveNext(manager)
    expect(byInsights[0]).toMatchObject({ name: 'Store', priority: 40, reasons: [{ kind: 'manyInsights', count: 4 }] })

    // Criterion weights change the weighted score: only simplicity counts now.
    await setWeights(manager, { ...DEFAULT_WEIGHTS, simplicity: 5, fit: 0, relevance: 0, value: 0, appeal: 0, personalisation: 0, effectiveness: 0, importance: 0, gap: 1, insights: 0, effort: 0, journey: 0, health: 0 })
    const bySimplicity = await improveNext(manager)
    expect(bySimplicity.map((r) => [r.name, r.score, r.priority])).toEqual([
      ['Invoice email', 1, 100],
      ['Product page', 4, 25],
    ])
    expect((await evaluationsFor(team.ws.id, team.viewer.id, [ids.Store!])).get(ids.Store!)).toMatchObject({ mean: null, priority: null })

    const log = await inWorkspace(team.ws.id, null, (tx) =>
      tx.select().from(activityLog).where(and(eq(activityLog.workspaceId, team.ws.id), eq(activityLog.action, 'scoring.weights_changed'))),
    )
    expect(log).toHaveLength(3)
    expect(log[0]).toMatchObject({ actorId: team.manager.id, data: { changed: { importance: 0, gap: 0, insights: 0, effort: 5, journey: 0, health: 0 } } })
    await setWeights(manager, DEFAULT_WEIGHTS)
  })

  it('gives the analysis page every touchpoint with its figures and the weights', async () => {
    const data = await analysisData(await ctxOf(team.viewer.id, team.ws.id))
    expect(data.weights).toEqual(DEFAULT_WEIGHTS)
    expect(data.rows).toHaveLength(6)
    expect(data.rows.find((r) => r.name === 'Invoice email')).toMatchObject({ means: { value: 2, simplicity: 1, fit: null }, people: 1, importance: 5, effort: 5, status: 'active' })
  })
})

describe('the score sums the aggregates read', () => {
  it('stay equal to the scores themselves through sets, changes and clears by several members', async () => {
    const team = await teamWorkspace('Sums Co')
    const [a, b] = await seed(team, ['Alpha', 'Beta'])
    const people = await Promise.all([team.owner, team.admin, team.manager, team.editor].map((u) => ctxOf(u.id, team.ws.id)))
    let n = 0
    for (const ctx of people) {
      for (const tp of [a!, b!]) {
        n++
        await setMyScores(ctx, { touchpointId: tp, scores: { value: 1 + (n % 5), fit: 1 + ((n * 3) % 5), appeal: n % 2 ? 4 : null } })
      }
    }
    // Changes and clears, concurrently from different members.
    await Promise.all(people.map((ctx, i) => setMyScores(ctx, { touchpointId: a!, scores: i % 2 ? { value: null, fit: null, appeal: null } : { value: 5 } })))
    const read = (q: ReturnType<typeof sql>) => inWorkspace(team.ws.id, null, async (tx) => rowsOf<Record<string, unknown>>(await tx.execute(q)))
    const stats = await read(sql`select touchpoint_id, criterion, total, n from touchpoint_score_stats order by 1, 2`)
    const direct = await read(sql`select touchpoint_id, criterion, sum(score)::int as total, count(*)::int as n from touchpoint_scores group by 1, 2 order by 1, 2`)
    expect(stats).toEqual(direct)
    const raters = await read(sql`select touchpoint_id, people from touchpoint_raters order by 1`)
    const distinct = await read(sql`select touchpoint_id, count(distinct user_id)::int as people from touchpoint_scores group by 1 order by 1`)
    expect(raters).toEqual(distinct)
    expect(raters.find((r) => r.touchpoint_id === a)?.people).toBe(2)

  })
})
