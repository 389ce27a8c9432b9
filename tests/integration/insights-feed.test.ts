import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createInsights } from '@/lib/insights/create'
import { listFeed, type FeedFilters } from '@/lib/insights/feed'
import { insightInputSchema, type InsightInputRaw } from '@/lib/insights/model'
import { markAllRead, markRead } from '@/lib/insights/triage'
import { inWorkspace } from '@/lib/db/tenant'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

type Team = Awaited<ReturnType<typeof teamWorkspace>>
const parse = (raw: InsightInputRaw) => insightInputSchema.parse(raw)
const add = (team: Team, list: InsightInputRaw[], userId: string | null = team.editor.id) =>
  createInsights({ workspaceId: team.ws.id, userId }, list.map(parse), 'form')

async function all(team: Team, filters: FeedFilters = {}, userId = team.manager.id, limit = 7) {
  const seen: string[] = []
  let cursor: string | null = null
  for (let i = 0; i < 1000; i++) {
    const page = await listFeed({ workspaceId: team.ws.id, userId }, filters, { cursor, limit })
    seen.push(...page.items.map((x) => x.title))
    cursor = page.nextCursor
    if (!cursor) break
  }
  return seen
}

describe('the insight feed', () => {
  let team: Team
  let tpInvoice: string
  let tpHotline: string
  beforeAll(async () => {
    team = await teamWorkspace('Feed Co')
    const doc = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      tpInvoice = addTouchpoint(d, { name: 'Invoice email', ownerUserId: team.editor.id }, team.owner.id)
      tpHotline = addTouchpoint(d, { name: 'Hotline' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, doc)
    await add(team, [
      { title: 'Invoices are hard to read', body: 'Customers cannot find the amount due on the second page', type: 'complaint', source: 'support', touchpointIds: [tpInvoice], topics: ['billing'], observedOn: '2026-01-10' },
      { title: 'Hotline praised', body: 'Friendly agents, short waiting times', type: 'praise', source: 'review_site', touchpointIds: [tpHotline], topics: ['waiting'], observedOn: '2026-02-01' },
    ])
    await add(team, [{ title: 'Offer paperless billing', type: 'idea', source: 'survey', topics: ['billing'], touchpointIds: [tpInvoice, tpHotline] }], team.manager.id)
  })

  it('lists newest first with links, topics and author', async () => {
    const page = await listFeed({ workspaceId: team.ws.id, userId: team.viewer.id }, {}, { limit: 10 })
    expect(page.items.map((i) => i.title)).toEqual(['Offer paperless billing', expect.any(String), expect.any(String)])
    const first = page.items[0]!
    expect(first.author).toEqual({ id: team.manager.id, name: 'Max Manager' })
    expect(first.touchpoints.map((t) => t.name).sort()).toEqual(['Hotline', 'Invoice email'])
    expect(first.topics).toEqual(['billing'])
    expect(page.nextCursor).toBeNull()
  })

  it('finds an insight by words of its body (full-text search)', async () => {
    expect(await all(team, { q: 'amount due' })).toEqual(['Invoices are hard to read'])
    expect(await all(team, { q: 'friendly' })).toEqual(['Hotline praised'])
    expect(await all(team, { q: 'nothing-like-this' })).toEqual([])
  })

  it('filters by status, type, source, touchpoint, topic, owner, assignee and dates', async () => {
    expect(await all(team, { type: ['complaint', 'praise'] })).toHaveLength(2)
    expect(await all(team, { type: ['idea'], source: ['survey'] })).toEqual(['Offer paperless billing'])
    expect(await all(team, { source: ['support', 'review_site'], status: ['new'] })).toHaveLength(2)
    expect(await all(team, { status: ['actioned'] })).toEqual([])
    expect((await all(team, { touchpointId: tpInvoice })).sort()).toEqual(['Invoices are hard to read', 'Offer paperless billing'])
    expect((await all(team, { topic: 'billing' })).sort()).toEqual(['Invoices are hard to read', 'Offer paperless billing'])
    expect((await all(team, { owner: team.editor.id })).sort()).toEqual(['Invoices are hard to read', 'Offer paperless billing'])
    expect(await all(team, { assignee: team.editor.id })).toEqual([])
    expect(await all(team, { assignee: 'none' })).toHaveLength(3)
    expect(await all(team, { dateOn: 'observed', from: '2026-01-15', to: '2026-12-31' })).toEqual(['Hotline praised'])
    expect(await all(team, { from: '2000-01-01', to: '2000-01-02' })).toEqual([])
  })

  it('shows unread markers per person; mark read and mark all read', async () => {
    const scope = { workspaceId: team.ws.id, userId: team.viewer.id }
    let page = await listFeed(scope, {}, {})
    expect(page.items.every((i) => i.unread)).toBe(true)
    const ctx = await ctxOf(team.viewer.id, team.ws.id)
    await markRead(ctx, [page.items[1]!.id])
    page = await listFeed(scope, {}, {})
    expect(page.items.map((i) => i.unread)).toEqual([true, false, true])
    expect(await all(team, { unread: true }, team.viewer.id)).toHaveLength(2)
    // Someone else's reads are theirs alone; what you added yourself is never unread for you.
    expect((await listFeed({ workspaceId: team.ws.id, userId: team.admin.id }, {}, {})).items.every((i) => i.unread)).toBe(true)
    const mine = (await listFeed({ workspaceId: team.ws.id, userId: team.manager.id }, {}, {})).items
    expect(mine.map((i) => [i.title, i.unread])).toEqual([
      ['Offer paperless billing', false],
      [expect.any(String), true],
      [expect.any(String), true],
    ])
    expect(await all(team, { unread: true }, team.manager.id)).toHaveLength(2)
    await markAllRead(ctx)
    page = await listFeed(scope, {}, {})
    expect(page.items.some((i) => i.unread)).toBe(false)
    await add(team, [{ title: 'Arrived after all read', type: 'idea', source: 'crm' }])
    page = await listFeed(scope, {}, {})
    expect(page.items[0]).toMatchObject({ title: 'Arrived after all read', unread: true })
  })

  it('never shows another workspace’s insights, whatever the filters', async () => {
    const other = await teamWorkspace('Other Co')
    await add(other, [{ title: 'Other secret invoice amount due', type: 'idea', source: 'crm' }])
    const titles = await all(team, { q: 'secret' })
    expect(titles).toEqual([])
    // A member of A asking with B's id gets nothing through RLS either.
    const rows = await inWorkspace(team.ws.id, team.manager.id, (tx) => tx.execute(sql`select count(*)::int as n from insights where workspace_id = ${other.ws.id}`))
    expect(JSON.stringify(rows)).toContain('0')
  })
})

describe('keyset pagination', () => {
  it('stays stable while insights are added concurrently: no repeats, no gaps, still newest first', async () => {
    const team = await teamWorkspace('Keyset Co')
    // Batches share one created_at (one transaction), so the id tie-breaker matters too.
    for (let b = 0; b < 6; b++) await add(team, Array.from({ length: 10 }, (_, i) => ({ title: `old ${b}-${i}`, type: 'idea' as const, source: 'crm' as const })))
    const before = await all(team, {}, team.manager.id, 100)
    expect(before).toHaveLength(60)

    const seen: { id: string; createdAt: string; title: string }[] = []
    let cursor: string | null = null
    let n = 0
    const writers: Promise<unknown>[] = []
    do {
      const page = await listFeed({ workspaceId: team.ws.id, userId: team.manager.id }, {}, { cursor, limit: 7 })
      seen.push(...page.items)
      cursor = page.nextCursor
      // Others add insights between (and during) page reads.
      writers.push(add(team, [{ title: `new ${n++}`, type: 'praise', source: 'survey' }, { title: `new ${n++}`, type: 'praise', source: 'survey' }]))
    } while (cursor)
    await Promise.all(writers)

    const ids = seen.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    const olds = seen.filter((s) => s.title.startsWith('old')).map((s) => s.title)
    expect(olds).toEqual(before)
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.createdAt >= seen[i]!.createdAt).toBe(true)
    // Everything added meanwhile is there on a fresh read.
    expect(await all(team, {}, team.manager.id, 50)).toHaveLength(60 + n)
  })

  it('refuses a forged cursor with 422', async () => {
    const team = await teamWorkspace('Cursor Co')
    await expect(listFeed({ workspaceId: team.ws.id, userId: team.manager.id }, {}, { cursor: 'bm9wZQ' })).rejects.toMatchObject({ status: 422 })
  })
})
