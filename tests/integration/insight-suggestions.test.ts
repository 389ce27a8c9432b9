/**
 * Suggested touchpoints and duplicates for insights (lib/insights/suggestions.ts)
 * on the real database with pg_trgm: precision on the labelled fixture of 200
 * insights against the Northwind catalog, the one-click path through the
 * triage actions, and duplicates among open insights only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { inWorkspace } from '@/lib/db/tenant'
import { NORTHWIND_TOUCHPOINTS } from '@/lib/demo/northwind'
import { withDocument } from '@/lib/documents/live-documents'
import { createInsights } from '@/lib/insights/create'
import { suggestionsFor, suggestTouchpointsIn } from '@/lib/insights/suggestions'
import { getInsight, setInsightStatus } from '@/lib/insights/triage'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { linkTouchpointsAction } from '@/app/w/[slug]/insights/actions'
import { LABELLED_INSIGHTS } from '../fixtures/labelled-insights'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
let env: LiveEnv
let team: Team
const ids = new Map<string, string>()

beforeAll(async () => {
  env = await openLiveEnvironment()
  team = await teamWorkspace('Suggest Co')
  const doc = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
    d.transact(() => {
      for (const { key, department: _d, ownedByDemoUser: _o, ...fields } of NORTHWIND_TOUCHPOINTS) ids.set(key, addTouchpoint(d, fields, team.owner.id))
    })
    return d
  })
  await projectCatalog(team.ws.id, doc)
})
afterAll(async () => {
  await env?.close()
})

const insight = (title: string, body = '') => ({ title, body, type: 'complaint' as const, source: 'support' as const, sentiment: 'negative' as const, touchpointIds: [], segments: [], topics: [] })

describe('suggested touchpoints', () => {
  it('precision on the labelled fixture of 200 insights', async () => {
    expect(LABELLED_INSIGHTS).toHaveLength(200)
    let suggested = 0
    let top1 = 0
    let top3 = 0
    const misses: string[] = []
    await inWorkspace(team.ws.id, null, async (tx) => {
      for (const l of LABELLED_INSIGHTS) {
        const s = await suggestTouchpointsIn(tx, team.ws.id, `${l.title}\n${l.body}`)
        const want = ids.get(l.touchpoint)!
        if (s.length) suggested++
        if (s[0]?.id === want) top1++
        else misses.push(`${l.title} → ${s[0]?.name ?? 'nothing'} (want ${NORTHWIND_TOUCHPOINTS.find((t) => t.key === l.touchpoint)!.name})`)
        if (s.slice(0, 3).some((x) => x.id === want)) top3++
      }
    })
    const precision = top1 / suggested
    console.log(
      `suggested touchpoints on ${LABELLED_INSIGHTS.length} labelled insights: a suggestion for ${suggested}; the first one right for ${top1} (precision ${(precision * 100).toFixed(1)}%), the right one among the first three for ${top3} (${((top3 / LABELLED_INSIGHTS.length) * 100).toFixed(1)}%)`,
    )
    console.log(`first misses:\n  ${misses.slice(0, 12).join('\n  ')}`)
    expect(precision).toBeGreaterThanOrEqual(0.7)
    expect(top3 / LABELLED_INSIGHTS.length).toBeGreaterThanOrEqual(0.75)
  })

  it('an insight without touchpoints gets suggestions; one click links the first, after which none are offered', async () => {
    const ctx = await ctxOf(team.manager.id, team.ws.id)
    const [created] = await createInsights({ workspaceId: team.ws.id, userId: team.editor.id }, [insight('The customer service hotline kept me on hold for 40 minutes', 'Nobody picked up.')], 'api')
    const s = await suggestionsFor(ctx, created!.id)
    expect(s.touchpoints[0]).toMatchObject({ id: ids.get('hotline'), name: 'Customer service hotline' })
    who.session = sessionOf(team.manager)
    expect(await linkTouchpointsAction({ workspaceId: team.ws.id, insightId: created!.id, add: [s.touchpoints[0]!.id] })).toMatchObject({ ok: true })
    expect((await getInsight(ctx, created!.id)).touchpoints.map((t) => t.id)).toEqual([ids.get('hotline')])
    expect((await suggestionsFor(ctx, created!.id)).touchpoints).toEqual([])
    // Triage only; and another workspace's insight is not found.
    await expect(suggestionsFor(await ctxOf(team.viewer.id, team.ws.id), created!.id)).rejects.toMatchObject({ status: 403 })
    const other = await teamWorkspace('Other suggest')
    await expect(suggestionsFor(await ctxOf(other.owner.id, other.ws.id), created!.id)).rejects.toMatchObject({ status: 404 })
  })

  it('duplicates are open insights with a similar title, best first; closed and merged ones are not offered', async () => {
    const ctx = await ctxOf(team.manager.id, team.ws.id)
    const author = { workspaceId: team.ws.id, userId: team.editor.id }
    const [a, b, c, d] = await createInsights(
      author,
      [insight('Invoice email arrives twice'), insight('The invoice email arrived twice this month'), insight('Invoice e-mail arrives twice'), insight('Store car park is full on Saturdays')],
      'form',
    )
    await setInsightStatus(ctx, c!.id, 'dismissed', 'Same as the other one')
    const s = await suggestionsFor(ctx, a!.id)
    expect(s.duplicates.map((x) => x.id)).toEqual([b!.id])
    expect(s.duplicates[0]!.similarity).toBeGreaterThanOrEqual(0.35)
    expect((await suggestionsFor(ctx, d!.id)).duplicates).toEqual([])
  })
})
