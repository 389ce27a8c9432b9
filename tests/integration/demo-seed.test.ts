import { person } from '@/lib/auth/membership'
import { count, eq, sql } from 'drizzle-orm'
import { competitorView } from '@/lib/competitors/competitors'
import { listImports } from '@/lib/interactions/imports'
import { unmatchedTypes } from '@/lib/interactions/rules'
import { listMetrics } from '@/lib/metrics/metrics'
import { mapKpiBadges, touchpointKpis } from '@/lib/metrics/read'
import { listEndpoints } from '@/lib/webhooks/endpoints'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditsOverview, whatChanged } from '@/lib/audits/queries'
import { listVersions } from '@/lib/versions/versions'
import { placements, touchpoints, users } from '@/db/schema'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { DEMO_EMAIL, DEMO_WORKSPACE, seedDemoOnFirstRun, seedNorthwindContent } from '@/lib/demo/seed-demo'
import { startProjector } from '@/lib/maps/projector'
import { NORTHWIND_MAPS, NORTHWIND_TOUCHPOINTS } from '@/lib/demo/northwind'
import { NORTHWIND_COMMENTS, NORTHWIND_INSIGHTS, NORTHWIND_UNOWNED } from '@/lib/demo/northwind-knowledge'
import { listComments } from '@/lib/comments/comments'
import { evaluationsFor } from '@/lib/evaluation/evaluation'
import { listFeed } from '@/lib/insights/feed'
import { touchpointFieldsSchema } from '@/lib/maps/model'
import { getMap, listMaps } from '@/lib/maps/maps'
import { listTemplates } from '@/lib/maps/templates'
import { listPersonas } from '@/lib/personas/personas'
import { listShareLinks } from '@/lib/sharing/share-links'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { startRealtimeServer, type TestServer } from '../support/realtime'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let rt: TestServer
const saved = process.env.SEED_DEMO
beforeAll(async () => {
  t = await openTestDatabase()
  rt = await startRealtimeServer()
  process.env.SEED_DEMO = 'true'
})
afterAll(async () => {
  if (saved === undefined) delete process.env.SEED_DEMO
  else process.env.SEED_DEMO = saved
  await rt?.close()
  await t?.drop()
})

describe('the demo workspace', () => {
  it('has valid content: every touchpoint passes the field limits, every placement names a known touchpoint, stage and segment', () => {
    expect(NORTHWIND_TOUCHPOINTS.length).toBeGreaterThanOrEqual(45)
    const keys = new Set(NORTHWIND_TOUCHPOINTS.map((tp) => tp.key))
    expect(keys.size).toBe(NORTHWIND_TOUCHPOINTS.length)
    for (const { key: _key, department: _d, ownedByDemoUser: _o, ...fields } of NORTHWIND_TOUCHPOINTS) {
      const parsed = touchpointFieldsSchema.partial().safeParse(fields)
      expect(parsed.error?.issues ?? [], fields.name).toEqual([])
      for (const f of ['description', 'interactions', 'supportingProcesses', 'desiredOutcome', 'dataGenerated', 'customerDataUsed', 'optimalExperience'] as const)
        expect(fields[f], `${fields.name}.${f}`).toBeTruthy()
    }
    for (const m of NORTHWIND_MAPS) for (const c of m.cells) for (const k of c.touchpoints) expect(keys.has(k), `${m.name}: ${k}`).toBe(true)
  })

  it('seeds Northwind Retail once, with its catalog and maps in the read model, and what the team knows about it', async () => {
    expect(await seedDemoOnFirstRun()).toEqual({ email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE })

    const [user] = await t.db.select().from(users).where(eq(users.email, DEMO_EMAIL))
    const [ws] = await listMyWorkspaces(person(user!.id))
    expect(ws!.name).toBe(DEMO_WORKSPACE)
    const ctx = await ctxOf(user!.id, ws!.id)

    const catalog = await inWorkspace(ws!.id, null, (tx) => tx.select().from(touchpoints))
    expect(catalog.length).toBe(NORTHWIND_TOUCHPOINTS.length)
    expect(catalog.length).toBeGreaterThanOrEqual(45)
    // Every touchpoint has an owner except the few the demo leaves for the team to assign.
    const unownedNames = NORTHWIND_TOUCHPOINTS.filter((tp) => NORTHWIND_UNOWNED.includes(tp.key)).map((tp) => tp.name).sort()
    expect(catalog.filter((r) => r.ownerDepartmentId === null && r.ownerUserId === null).map((r) => r.name).sort()).toEqual(unownedNames)
    expect(unownedNames.length).toBe(NORTHWIND_UNOWNED.length)
    expect(new Set(catalog.map((r) => r.kind))).toEqual(new Set(['communication', 'human', 'physical', 'sensory']))
    expect(new Set(catalog.map((r) => r.ownership))).toEqual(new Set(['owned', 'paid', 'earned']))
    expect(catalog.filter((r) => r.onsitePage).length).toBeGreaterThanOrEqual(5)
    const invoice = catalog.find((r) => r.name === 'Invoice email')!
    expect(JSON.parse(invoice.details)).toMatchObject({ supportingProcesses: expect.stringContaining('Invoicing'), desiredOutcome: expect.any(String) })

    const maps = await listMaps(ctx)
    expect(maps.map((m) => m.name)).toEqual(['Customer lifecycle', 'Online shopping', 'Store visit'])
    const lifecycle = await getMap(ctx, maps[0]!.id)
    expect(lifecycle.template).toBe('lifecycle')
    expect(lifecycle.stages.map((s) => s.name)).toEqual(['Awareness', 'Knowledge', 'Consideration', 'Selection / trial', 'Satisfaction', 'Loyalty', 'Advocacy'])
    expect(lifecycle.stages.find((s) => s.name === 'Loyalty')).toMatchObject({ weight: 5, description: expect.stringContaining('buy again') })
    expect(lifecycle.segments.map((s) => s.name)).toEqual(expect.arrayContaining(['Young families', 'Business buyers']))
    expect(lifecycle.segments.find((s) => s.name === 'Young families')).toMatchObject({ goal: 'grow', priority: 1, profile: expect.stringContaining('children') })
    expect(lifecycle.placements.length).toBeGreaterThanOrEqual(40)
    const online = await getMap(ctx, maps[1]!.id)
    expect(online.template).toBe('purchase')
    expect(online.segments[0]!.name).toBe('Online shoppers')
    expect(online.placements.length).toBeGreaterThanOrEqual(20)

    // The persona library, used on the maps; lanes and an emotion curve on the lifecycle map; a template; a live share link.
    const library = await listPersonas(ctx)
    expect(library.map((p) => [p.name, p.uses.length])).toEqual([
      ['Business buyers', 1],
      ['Loyal members', 1],
      ['Young families', 2],
    ])
    const yfRow = lifecycle.segments.find((s) => s.name === 'Young families')!
    expect(lifecycle.lanes.actions[lifecycle.stages[0]!.id]).toContain('social media')
    expect(lifecycle.lanes.emotions[yfRow.id]![lifecycle.stages.find((s) => s.name === 'Satisfaction')!.id]).toBe(-2)
    expect(Object.keys(lifecycle.lanes.backstage).length).toBeGreaterThanOrEqual(4)
    expect((await listTemplates(ctx)).map((x) => x.name)).toEqual(['Online purchase journey'])
    const links = await listShareLinks(ctx, maps[2]!.id)
    expect(links).toEqual([expect.objectContaining({ label: 'Store design agency', active: true, showDetails: true })])

    // Measured data: KPIs with a year of values, CSAT on the lifecycle map's cards, two (paused) webhooks.
    const kpis = await listMetrics(ctx)
    expect(kpis.map((k) => k.name).sort()).toEqual(['CSAT', 'Conversion rate', 'NPS', 'Response time', 'Uptime'])
    const hotline = catalog.find((r) => r.name === 'Customer service hotline')!
    const hotlineKpis = await touchpointKpis(ctx, hotline.id, { range: '12m' })
    expect(hotlineKpis.map((k) => [k.name, k.points.length >= 50, k.latest !== null])).toEqual([
      ['CSAT', true, true],
      ['Response time', true, true],
    ])
    const checkout = catalog.find((r) => r.name === 'Checkout')!
    expect((await touchpointKpis(ctx, checkout.id, { range: '2y' })).find((k) => k.name === 'Conversion rate')!.points.length).toBeGreaterThanOrEqual(360)
    expect((await mapKpiBadges(ctx, lifecycle.id))!.metric.name).toBe('CSAT')
    const rivals = await competitorView(ctx, lifecycle.id)
    expect(rivals.competitors.map((c) => c.name)).toEqual(['Furnish Direct', 'HomeHaus'])
    expect(rivals.gaps.length).toBeGreaterThanOrEqual(1)
    const [helpdesk] = await listImports(ctx)
    expect(helpdesk).toMatchObject({ source: 'Help desk', status: 'done', totalRows: 6_000, bad: 0 })
    expect(helpdesk!.matched + helpdesk!.unmatched).toBe(6_000)
    expect((await unmatchedTypes(ctx)).map((u) => u.type).sort()).toEqual(['Assembly booking', 'Gift card balance'])
    const hooks = await listEndpoints(ctx)
    expect(hooks.map((h) => [h.url, Boolean(h.pausedAt)])).toEqual([
      ['https://bi.northwind.example/hooks/touchmap', true],
      ['https://servicedesk.northwind.example/touchmap', true],
    ])

    // Every cell the content names holds its cards, in order.
    const yf = lifecycle.segments.find((s) => s.name === 'Young families')!.id
    const sat = lifecycle.stages.find((s) => s.name === 'Satisfaction')!.id
    expect(lifecycle.placements.filter((p) => p.stageId === sat && p.segmentId === yf).map((p) => p.touchpoint.name)).toEqual([
      'Order confirmation email',
      'Home delivery',
      'Packaging',
      'The product',
      'Invoice email',
      'Customer service hotline',
    ])

    // One touchpoint, several maps: the invoice email stands on the lifecycle and the online shopping map.
    const onMaps = await inWorkspace(ws!.id, null, (tx) =>
      tx.select({ mapId: placements.mapId }).from(placements).where(eq(placements.touchpointId, invoice.id)).groupBy(placements.mapId),
    )
    expect(onMaps.length).toBeGreaterThanOrEqual(2)
    const allPlaced = await inWorkspace(ws!.id, null, (tx) => tx.select({ n: count() }).from(placements))
    expect(allPlaced[0]!.n).toBe(NORTHWIND_MAPS.reduce((s, m) => s + m.cells.reduce((c, x) => c + x.touchpoints.length, 0), 0))
    // Every touchpoint is placed somewhere.
    const unplaced = rowsOf<{ n: number }>(
      await inWorkspace(ws!.id, null, (tx) =>
        tx.execute(sql`select count(*)::int as n from touchpoints t where not exists (select 1 from placements p where p.workspace_id = t.workspace_id and p.touchpoint_id = t.id)`),
      ),
    )
    expect(unplaced[0]!.n).toBe(0)

    // What the team knows: insights linked to touchpoints, some triaged; scores from several people; comments.
    const feed = await listFeed({ workspaceId: ws!.id, userId: user!.id }, {}, { limit: 100 })
    expect(feed.items.length).toBe(NORTHWIND_INSIGHTS.length)
    expect(feed.items[0]!.title).toBe(NORTHWIND_INSIGHTS.find((i) => i.daysAgo === Math.min(...NORTHWIND_INSIGHTS.map((x) => x.daysAgo)))!.title)
    expect(feed.items.every((i) => i.touchpoints.length > 0)).toBe(true)
    expect(new Set(feed.items.map((i) => i.status))).toEqual(new Set(['new', 'in_review', 'actioned', 'dismissed']))
    const delivery = catalog.find((r) => r.name === 'Home delivery')!
    const evaluations = await evaluationsFor(ws!.id, user!.id, [delivery.id])
    expect(evaluations.get(delivery.id)).toMatchObject({ count: 3, importance: 5, effort: 4, insights: expect.any(Number) })
    expect(evaluations.get(delivery.id)!.priority).not.toBeNull()
    const thread = await listComments(ctx, { type: 'touchpoint', id: delivery.id })
    expect(thread.length).toBe(NORTHWIND_COMMENTS.filter((c) => c.touchpoint === 'delivery-driver').length)

    // Audits: a closed spring audit, edits since, an open winter audit part done, a schedule.
    const audits = await auditsOverview(ctx)
    expect(audits.closed.map((c) => c.name)).toEqual(['Spring audit'])
    expect(audits.open.map((c) => c.name)).toEqual(['Winter audit'])
    const winter = audits.open[0]!.progress
    expect(winter).toMatchObject({ total: 19, approved: 6, submitted: 2, returned: 1 })
    expect(audits.schedules).toHaveLength(1)
    const changed = await whatChanged(ctx, audits.open[0]!.id)
    expect(changed.before?.name).toBe('Spring audit')
    expect(changed.changes.filter((c) => c.kind === 'field').map((c) => c.name).sort()).toEqual(['Store checkout and self-service tills', 'Store locator'])
    // Versions: two named ones of the lifecycle map; the closed audit's of the store visit map.
    expect((await listVersions(ctx, maps[0]!.id)).filter((v) => v.kind === 'named').map((v) => v.name).sort()).toEqual(['After the kick-off workshop', 'Scores from the first review round'])
    expect((await listVersions(ctx, maps[2]!.id)).some((v) => v.kind === 'audit')).toBe(true)
  })

  it('seeds the same content with the projector running alongside, as in server.ts', async () => {
    const projector = startProjector(rt.rt.engine)
    try {
      const team = await teamWorkspace('Northwind Retail')
      const counts = await seedNorthwindContent(team.owner.id, team.ws.id)
      await projector.idle()
      const ctx = await ctxOf(team.viewer.id, team.ws.id)
      const maps = await listMaps(ctx)
      expect(maps.map((m) => m.placements)).toEqual(NORTHWIND_MAPS.map((m) => m.cells.reduce((c, x) => c + x.touchpoints.length, 0)))
      expect(maps.reduce((s, m) => s + m.placements, 0)).toBe(counts.placements)
      const catalog = await inWorkspace(team.ws.id, null, (tx) => tx.select({ n: count() }).from(touchpoints))
      expect(catalog[0]!.n).toBe(counts.touchpoints)
    } finally {
      projector.stop()
    }
  })

  it('does not seed again on the next start', async () => {
    const [user] = await t.db.select().from(users).where(eq(users.email, DEMO_EMAIL))
    const before = await listMyWorkspaces(person(user!.id))
    expect(await seedDemoOnFirstRun()).toEqual({ email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE })
    expect(await listMyWorkspaces(person(user!.id))).toEqual(before)
  })
})
