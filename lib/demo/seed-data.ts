/**
 * The demo workspace's measured data: KPIs on its busiest touchpoints with a
 * year of values (weekly, and daily for the checkout's conversion), the
 * lifecycle map's cards showing CSAT, two competitors on that map, and two webhooks (paused: nothing
 * listens at their example addresses until someone points them at a real
 * receiver and resumes them).
 */
import type { MemberContext } from '@/lib/auth/membership'
import { addCompetitor, addCompetitorTouchpoint } from '@/lib/competitors/competitors'
import { recordHealth } from '@/lib/evaluation/health-history'
import { runImport, startImport } from '@/lib/interactions/imports'
import { addRule } from '@/lib/interactions/rules'
import { getMap } from '@/lib/maps/maps'
import { createMetric, setMapBadgeMetric } from '@/lib/metrics/metrics'
import { METRIC_PRESETS, type MetricPreset, type MetricValueInput } from '@/lib/metrics/model'
import { recordValues } from '@/lib/metrics/values'
import { createEndpoint, setPaused } from '@/lib/webhooks/endpoints'

const DAY = 86_400_000

/** A small deterministic generator, so every demo has the same curves. */
function noise(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32 - 0.5
  }
}

type Series = { preset: MetricPreset; touchpoint: string; start: number; end: number; spread: number; every: 'day' | 'week' }

const SERIES: Series[] = [
  { preset: 'csat', touchpoint: 'hotline', start: 71, end: 83, spread: 4, every: 'week' },
  { preset: 'csat', touchpoint: 'live-chat', start: 86, end: 88, spread: 3, every: 'week' },
  { preset: 'csat', touchpoint: 'delivery-driver', start: 84, end: 74, spread: 3, every: 'week' },
  { preset: 'csat', touchpoint: 'checkout', start: 80, end: 86, spread: 2, every: 'week' },
  { preset: 'response_time', touchpoint: 'hotline', start: 190, end: 75, spread: 25, every: 'week' },
  { preset: 'response_time', touchpoint: 'live-chat', start: 4, end: 3, spread: 1, every: 'week' },
  { preset: 'conversion', touchpoint: 'checkout', start: 2.1, end: 3.2, spread: 0.4, every: 'day' },
  { preset: 'conversion', touchpoint: 'product-page', start: 1.2, end: 1.6, spread: 0.3, every: 'week' },
  { preset: 'uptime', touchpoint: 'website', start: 99.7, end: 99.95, spread: 0.1, every: 'week' },
  { preset: 'nps', touchpoint: 'store', start: 28, end: 41, spread: 5, every: 'week' },
]

export async function seedNorthwindData(ctx: MemberContext, touchpointIds: Map<string, string>, mapIds: Map<string, string>): Promise<{ metrics: number; values: number; webhooks: number; competitorEntries: number; interactions: number }> {
  const metricIds = new Map<MetricPreset, string>()
  for (const preset of [...new Set(SERIES.map((s) => s.preset))]) {
    const m = await createMetric(ctx, { ...METRIC_PRESETS[preset], preset, description: '' })
    metricIds.set(preset, m.id)
  }
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
  const values: MetricValueInput[] = []
  SERIES.forEach((s, i) => {
    const touchpointId = touchpointIds.get(s.touchpoint)
    if (!touchpointId) return
    const rand = noise(i + 1)
    const step = s.every === 'day' ? 1 : 7
    const count = Math.floor(365 / step)
    for (let k = count; k >= 1; k--) {
      const start = today - k * step * DAY
      const progress = 1 - k / count
      const value = Number((s.start + (s.end - s.start) * progress + rand() * s.spread).toFixed(2))
      values.push({ metricId: metricIds.get(s.preset)!, touchpointId, value, periodStart: new Date(start), periodEnd: new Date(start + (step - 1) * DAY), segment: '', source: 'demo' })
    }
  })
  for (let i = 0; i < values.length; i += 1_000) await recordValues({ workspaceId: ctx.workspaceId, userId: ctx.userId }, values.slice(i, i + 1_000), 'form')
  const lifecycle = mapIds.get('Customer lifecycle')
  if (lifecycle) await setMapBadgeMetric(ctx, lifecycle, metricIds.get('csat')!)

  // Competitors on the lifecycle map: one where we are too, one where we are not.
  let competitorEntries = 0
  if (lifecycle) {
    const map = await getMap(ctx, lifecycle)
    const filled = new Set(map.placements.map((p) => `${p.stageId}|${p.segmentId}`))
    const cell = (stage: string, segment: string) => ({ stageId: map.stages.find((s) => s.name === stage)?.id, segmentId: map.segments.find((s) => s.name === segment)?.id })
    const empty = map.stages.flatMap((st) => map.segments.map((sg) => ({ stageId: st.id, segmentId: sg.id }))).find((c) => !filled.has(`${c.stageId}|${c.segmentId}`))
    const homehaus = await addCompetitor(ctx, lifecycle, 'HomeHaus')
    const furnish = await addCompetitor(ctx, lifecycle, 'Furnish Direct')
    const notes = [
      { competitorId: homehaus.id, ...cell('Satisfaction', 'Young families'), name: 'Same-day delivery slots', rating: 4, note: 'Two-hour windows, tracked live.' },
      { competitorId: furnish.id, ...cell('Consideration', 'Business buyers'), name: 'Online room planner', rating: 3, note: '' },
      ...(empty ? [{ competitorId: homehaus.id, ...empty, name: 'Community design workshops', rating: 5, note: 'Free, monthly, in every store.' }] : []),
    ]
    for (const n of notes) {
      if (!n.stageId || !n.segmentId) continue
      await addCompetitorTouchpoint(ctx, { competitorId: n.competitorId, stageId: n.stageId, segmentId: n.segmentId, name: n.name, rating: n.rating, note: n.note })
      competitorEntries++
    }
  }

  // Twelve weeks of health history (the daily job records it from now on), the KPI part replayed from the values.
  for (let w = 11; w >= 0; w--) {
    const day = new Date(today - w * 7 * DAY)
    await recordHealth(ctx.workspaceId, { day, kpisAsOf: day })
  }

  // An export of a year of help-desk interactions: rules for chats and invoices, a few types no touchpoint stands for yet.
  const interactions = await seedInteractions(ctx, touchpointIds, today)

  const hooks = [
    { url: 'https://bi.northwind.example/hooks/touchmap', description: 'BI warehouse: KPI alerts and new insights', events: ['metric.threshold.crossed', 'insight.created'] as const },
    { url: 'https://servicedesk.northwind.example/touchmap', description: 'Service desk: touchpoint changes and overdue audits', events: ['touchpoint.updated', 'touchpoint.retired', 'owner.assigned', 'audit.task.overdue'] as const },
  ]
  for (const h of hooks) {
    const { endpoint } = await createEndpoint(ctx, { url: h.url, description: h.description, events: [...h.events] })
    await setPaused(ctx, endpoint.id, true)
  }
  return { metrics: metricIds.size, values: values.length, webhooks: hooks.length, competitorEntries, interactions }
}

async function seedInteractions(ctx: MemberContext, touchpointIds: Map<string, string>, today: number): Promise<number> {
  const chat = touchpointIds.get('live-chat')
  const invoice = touchpointIds.get('invoice-email')
  if (chat) await addRule(ctx, { field: 'channel', kind: 'contains', pattern: 'chat', touchpointId: chat })
  if (invoice) await addRule(ctx, { field: 'type', kind: 'regex', pattern: '^(invoice|billing)\\b', touchpointId: invoice })
  const kinds: [type: string, channel: string, weight: number][] = [
    ['Customer service hotline', 'phone', 30],
    ['Order question', 'web chat', 25],
    ['Invoice copy request', 'email', 12],
    ['Billing dispute', 'email', 6],
    ['Returns and exchanges', 'store', 10],
    ['Home delivery', 'phone', 9],
    ['Gift card balance', 'phone', 5],
    ['Assembly booking', 'email', 3],
  ]
  const rand = noise(99)
  const lines = ['created_at,channel,category,segment,outcome']
  for (let i = 0; i < 6_000; i++) {
    let pick = (rand() + 0.5) * 100
    const k = kinds.find((x) => (pick -= x[2]) <= 0) ?? kinds[0]!
    const at = new Date(today - Math.floor((rand() + 0.5) * 365) * DAY + Math.floor((rand() + 0.5) * DAY)).toISOString()
    lines.push(`${at},${k[1]},${k[0]},${rand() > 0 ? 'private' : 'business'},${rand() > -0.3 ? 'solved' : 'open'}`)
  }
  const { id } = await startImport(ctx, { source: 'Help desk', format: 'csv', fileName: 'helpdesk-export.csv', mapping: { timestamp: 'created_at', channel: 'channel', type: 'category', segment: 'segment', outcome: 'outcome' }, text: lines.join('\n') })
  await runImport(ctx.workspaceId, id)
  return lines.length - 1
}
