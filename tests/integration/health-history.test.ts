/**
 * The health history on the real database: the daily record (today, and a
 * backfill replaying the KPI part as of a past day), the trend per stage of
 * a map, a second run the same day replacing the first, and other workspaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withDocument } from '@/lib/documents/live-documents'
import { setMyScores } from '@/lib/evaluation/evaluation'
import { healthTrendByStage, recordAllHealth, recordHealth } from '@/lib/evaluation/health-history'
import { addSegment, addStage, addTouchpoint, catalogDocName, mapDocName, placeTouchpoint } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { createMetric } from '@/lib/metrics/metrics'
import { METRIC_PRESETS } from '@/lib/metrics/model'
import { recordValues } from '@/lib/metrics/values'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

describe('health history', () => {
  it('records each day’s health and shows each stage’s mean week by week', async () => {
    const T = await teamWorkspace('History Co')
    const manager = await ctxOf(T.manager.id, T.ws.id)
    const catalog = await withDocument(T.ws.id, catalogDocName(T.ws.id), (d) => {
      addTouchpoint(d, { name: 'Hotline' }, T.owner.id, 'tp-h')
      return d
    })
    await projectCatalog(T.ws.id, catalog)
    const mapId = (await createMap(manager, { name: 'Care', template: 'blank' })).id
    const ids: Record<string, string> = {}
    const doc = await withDocument(T.ws.id, mapDocName(T.ws.id, mapId), (d) => {
      ids.stage = addStage(d, { name: 'Support' })
      ids.row = addSegment(d, { name: 'All' })
      placeTouchpoint(d, { touchpointId: 'tp-h', stageId: ids.stage, segmentId: ids.row })
      return d
    })
    await projectMap(T.ws.id, mapId, doc)
    await setMyScores(manager, { touchpointId: 'tp-h', scores: { value: 3 } })
    const csat = await createMetric(manager, { ...METRIC_PRESETS.csat, preset: 'csat', description: '' })
    const now = Date.now()
    const weekAgo = new Date(now - 7 * 86_400_000)
    await recordValues({ workspaceId: T.ws.id, userId: T.manager.id }, [
      { metricId: csat.id, touchpointId: 'tp-h', value: 90, periodStart: new Date(now - 10 * 86_400_000), periodEnd: new Date(now - 10 * 86_400_000), segment: '' },
      { metricId: csat.id, touchpointId: 'tp-h', value: 50, periodStart: new Date(now - 86_400_000), periodEnd: new Date(now - 86_400_000), segment: '' },
    ], 'form')
    // A week ago the KPI was green: (3 x 1 + 2 x 0.5 + 1) / 6 = 83.3; now red: (0 + 1 + 1) / 6 = 33.3.
    expect(await recordHealth(T.ws.id, { day: weekAgo, kpisAsOf: weekAgo })).toBe(1)
    expect(await recordAllHealth()).toBeGreaterThanOrEqual(1)
    await recordHealth(T.ws.id) // the same day again: replaced, not added
    const trend = await healthTrendByStage(manager, mapId)
    expect(trend.weeks).toHaveLength(12)
    expect(trend.stages).toHaveLength(1)
    const values = trend.stages[0]!.values.filter((v) => v != null)
    expect(values.at(-1)).toBe(33.3)
    expect(values).toContain(83.3)
    // Another workspace sees nothing of it.
    const other = await teamWorkspace('Other history')
    expect((await healthTrendByStage(await ctxOf(other.owner.id, other.ws.id), mapId)).stages).toEqual([])
  })
})
