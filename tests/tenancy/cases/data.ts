import { addCompetitor } from '@/lib/competitors/competitors'
import { addRule } from '@/lib/interactions/rules'
import { createMetric } from '@/lib/metrics/metrics'
import { METRIC_PRESETS } from '@/lib/metrics/model'
import { recordValues } from '@/lib/metrics/values'
import { createEndpoint, listDeliveries } from '@/lib/webhooks/endpoints'
import { emitNow } from '@/lib/webhooks/emit'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const M = 'app/w/[slug]/settings/metrics/actions.ts'
const K = 'app/w/[slug]/touchpoints/[touchpointId]/kpi-actions.ts'
const W = 'app/w/[slug]/settings/webhooks/actions.ts'
const C = 'app/w/[slug]/maps/[mapId]/competitors/actions.ts'
const I = 'app/w/[slug]/touchpoints/interactions/actions.ts'

/**
 * KPIs, the data API and webhooks: a member of A signed in and naming B's
 * workspace, metrics, touchpoints, endpoints and deliveries finds nothing and
 * changes nothing. What A's API key gets with B's ids is tested with real
 * keys in tests/integration/metrics.test.ts.
 */
export const dataCases: CaseFile = {
  setupB: async ({ B, ids }) => {
    const owner = await ctxOf(B.owner.id, B.ws.id)
    const metric = await createMetric(owner, { ...METRIC_PRESETS.csat, preset: 'csat', description: '' })
    await recordValues({ workspaceId: B.ws.id, userId: B.owner.id }, [{ metricId: metric.id, touchpointId: ids.touchpointId!, value: 80, periodStart: new Date('2026-11-01'), periodEnd: new Date('2026-11-30'), segment: '' }], 'form')
    const { endpoint } = await createEndpoint(owner, { url: 'https://hooks.b.example/x', description: '', events: ['insight.created'] })
    await emitNow(B.ws.id, [{ type: 'insight.created', data: {} }])
    const [delivery] = (await listDeliveries(owner, endpoint.id)).deliveries
    const competitor = await addCompetitor(owner, ids.mapId!, 'B rival')
    const rule = await addRule(owner, { field: 'type', kind: 'exact', pattern: 'Invoice question', touchpointId: ids.touchpointId! })
    return { metricId: metric.id, webhookId: endpoint.id, deliveryId: delivery!.id, competitorId: competitor.id, ruleId: rule.id }
  },
  routes: {
    'app/api/v1/metrics/route.ts GET': { kind: 'workspace', query: ({ B }) => ({ workspace: B.ws.id }) },
    'app/api/v1/metrics/values/route.ts GET': { kind: 'workspace', query: ({ B }) => ({ workspace: B.ws.id }) },
    'app/api/v1/metrics/values/route.ts POST': {
      kind: 'workspace',
      query: ({ B }) => ({ workspace: B.ws.id }),
      body: ({ ids }) => ({ values: [{ metricId: ids.metricId, touchpointId: ids.touchpointId, value: 1, periodStart: '2026-11-01', periodEnd: '2026-11-01' }] }),
    },
    'app/api/v1/touchpoints/route.ts GET': { kind: 'workspace', query: ({ B }) => ({ workspace: B.ws.id }) },
    'app/api/workspaces/[workspaceId]/metrics/import/route.ts POST': { kind: 'workspace' },
    'app/api/workspaces/[workspaceId]/interactions/imports/route.ts GET': { kind: 'workspace' },
    'app/api/workspaces/[workspaceId]/analysis/health/route.ts GET': { kind: 'workspace', query: ({ ids }) => ({ map: ids.mapId! }) },
    'app/api/workspaces/[workspaceId]/interactions/imports/route.ts POST': { kind: 'workspace', query: () => ({ source: 'Spy', format: 'csv', preview: '1' }) },
    'app/api/workspaces/[workspaceId]/maps/[mapId]/kpi/route.ts GET': { kind: 'workspace', params: ({ ids }) => ({ mapId: ids.mapId! }) },
    'app/api/workspaces/[workspaceId]/touchpoints/[touchpointId]/kpis/route.ts GET': { kind: 'workspace', params: ({ ids }) => ({ touchpointId: ids.touchpointId! }) },
  },
  actions: {
    [`${M} createMetricAction`]: { kind: 'workspace', input: () => ({ name: 'Spy KPI', unit: '%', direction: 'higher', target: '1' }) },
    [`${M} updateMetricAction`]: { kind: 'workspace', input: ({ ids }) => ({ metricId: ids.metricId, name: 'Renamed by A', unit: '%', direction: 'higher', target: '1' }) },
    [`${M} deleteMetricAction`]: { kind: 'workspace', input: ({ ids }) => ({ metricId: ids.metricId }) },
    [`${K} attachMetricAction`]: { kind: 'workspace', input: ({ ids }) => ({ touchpointId: ids.touchpointId, metricId: ids.metricId }) },
    [`${K} detachMetricAction`]: { kind: 'workspace', input: ({ ids }) => ({ touchpointId: ids.touchpointId, metricId: ids.metricId }) },
    [`${K} recordValueAction`]: { kind: 'workspace', input: ({ ids }) => ({ touchpointId: ids.touchpointId, metricId: ids.metricId, value: '1', periodStart: '2026-11-02', periodEnd: '2026-11-02' }) },
    ['app/w/[slug]/maps/[mapId]/kpi-actions.ts setMapKpiAction']: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, metricId: ids.metricId }) },
    [`${W} createWebhookAction`]: { kind: 'workspace', input: () => ({ url: 'https://spy.example/x', events: ['insight.created'] }) },
    [`${W} updateWebhookAction`]: { kind: 'workspace', input: ({ ids }) => ({ webhookId: ids.webhookId, url: 'https://spy.example/x', events: ['insight.created'] }) },
    [`${W} rotateWebhookSecretAction`]: { kind: 'workspace', input: ({ ids }) => ({ webhookId: ids.webhookId }) },
    [`${W} pauseWebhookAction`]: { kind: 'workspace', input: ({ ids }) => ({ webhookId: ids.webhookId, paused: 'true' }) },
    [`${W} deleteWebhookAction`]: { kind: 'workspace', input: ({ ids }) => ({ webhookId: ids.webhookId }) },
    [`${C} addCompetitorAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, name: 'Spy rival' }) },
    [`${C} removeCompetitorAction`]: { kind: 'workspace', input: ({ ids }) => ({ competitorId: ids.competitorId }) },
    [`${C} addCompetitorTouchpointAction`]: { kind: 'workspace', input: ({ ids }) => ({ competitorId: ids.competitorId, stageId: 's', segmentId: 'r', name: 'Spy touchpoint' }) },
    [`${C} removeCompetitorTouchpointAction`]: { kind: 'workspace', input: () => ({ entryId: '00000000-0000-4000-8000-000000000000' }) },
    [`${I} addRuleAction`]: { kind: 'workspace', input: ({ ids }) => ({ field: 'type', kind: 'exact', pattern: 'x', touchpointId: ids.touchpointId }) },
    [`${I} removeRuleAction`]: { kind: 'workspace', input: ({ ids }) => ({ ruleId: ids.ruleId }) },
    [`${I} touchpointFromTypeAction`]: { kind: 'workspace', input: () => ({ type: 'Planted touchpoint', channel: 'phone' }) },
    [`${W} redeliverAction`]: { kind: 'workspace', input: ({ ids }) => ({ deliveryId: ids.deliveryId }) },
  },
}
