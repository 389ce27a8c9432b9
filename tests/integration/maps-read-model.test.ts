import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { touchpointHistory } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { addSegment, addTouchpoint, catalogDocName, placeTouchpoint, readMap, updateTouchpoint } from '@/lib/maps/doc-schema'
import { createMap, getMap, listMaps } from '@/lib/maps/maps'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { connectClient, synced, waitFor, type TestServer } from '../support/realtime'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let rt: TestServer
let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
  ;({ rt } = env)
})
afterAll(async () => {
  await env?.close()
})

describe('maps and the read model', () => {
  it('creates a map from a template, and lists it with its document name and sizes', async () => {
    const { ws, editor } = await teamWorkspace('Maps Co')
    const ctx = await ctxOf(editor.id, ws.id)
    const { id, doc } = await createMap(ctx, { name: 'Customer lifecycle', template: 'lifecycle', segments: [{ name: 'Young families', goal: 'grow' }] })
    expect(doc).toBe(`ws.${ws.id}.map.${id}`)
    expect(await listMaps(ctx)).toEqual([expect.objectContaining({ id, name: 'Customer lifecycle', doc, stages: 7, segments: 1, placements: 0 })])
    const detail = await getMap(ctx, id)
    expect(detail.stages.map((s) => s.name)[0]).toBe('Awareness')
    // Another workspace's member asking for this map by id, through their own workspace, finds nothing.
    const other = await teamWorkspace('Other Co')
    await expect(getMap(await ctxOf(other.owner.id, other.ws.id), id)).rejects.toBeInstanceOf(NotFoundError)
    expect(await listMaps(await ctxOf(other.owner.id, other.ws.id))).toEqual([])
    expect(detail.segments).toEqual([expect.objectContaining({ name: 'Young families', goal: 'grow' })])
  })

  it('reflects an editor’s changes to the catalog and the map within a second', async () => {
    const { ws, editor } = await teamWorkspace('Live Co')
    const ctx = await ctxOf(editor.id, ws.id)
    const { id, doc } = await createMap(ctx, { name: 'Purchase', template: 'purchase' })
    const catalog = connectClient(editor.id, ws.id, catalogDocName(ws.id), rt.baseUrl)
    const map = connectClient(editor.id, ws.id, doc, rt.baseUrl)
    try {
      await Promise.all([synced(catalog), synced(map)])
      const seg = addSegment(map.doc, { name: 'Online shoppers', goal: 'win' })
      const stage = readMap(map.doc).stages[2]!
      const tp = addTouchpoint(catalog.doc, { name: 'Invoice email', kind: 'communication', channel: 'Email' }, editor.id)
      placeTouchpoint(map.doc, { touchpointId: tp, stageId: stage.id, segmentId: seg })
      await waitFor(async () => (await getMap(ctx, id)).placements.length === 1, 1000, 'the placement in the read model')
      const detail = await getMap(ctx, id)
      expect(detail.placements[0]).toMatchObject({ stageId: stage.id, segmentId: seg, touchpoint: { id: tp, name: 'Invoice email', kind: 'communication', channel: 'Email' } })

      updateTouchpoint(catalog.doc, tp, { name: 'Invoice e-mail', status: 'retired' }, editor.id)
      await waitFor(async () => (await getMap(ctx, id)).placements.length === 0, 1000, 'the retired touchpoint to leave the map')
      const history = await inWorkspace(ws.id, null, (tx) => tx.select().from(touchpointHistory).where(eq(touchpointHistory.touchpointId, tp)))
      expect(history.map((h) => [h.field, h.newValue])).toEqual(expect.arrayContaining([['created', 'Invoice email'], ['name', 'Invoice e-mail'], ['status', 'retired']]))
      expect(history.every((h) => h.changedBy === editor.id)).toBe(true)
    } finally {
      catalog.stop()
      map.stop()
    }
  })
})
