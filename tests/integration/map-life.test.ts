/**
 * A map's own life on the real read model and realtime engine: duplicate
 * (with and without cards), archive, delete with restore and purge, sockets
 * refused on a deleted map; new maps from starters and workspace templates.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maps, realtimeUpdates } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { analysisData, improveNext, setMyScores } from '@/lib/evaluation/evaluation'
import { addSegment, addStage, addTouchpoint, applyPersona, catalogDocName, listTouchpoints, mapDocName, placeTouchpoint, readMap, renameMap } from '@/lib/maps/doc-schema'
import { deleteMap, duplicateMap, listDeletedMaps, purgeDeletedMaps, restoreDeletedMap, setArchived } from '@/lib/maps/map-life'
import { filterMaps, parseMapFilters } from '@/lib/maps/map-list'
import { createMap, getMap, listMaps } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { createMapFrom, listTemplates, saveTemplate, starterMatches } from '@/lib/maps/templates'
import { createPersona } from '@/lib/personas/personas'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import { connectClient, waitFor } from '../support/realtime'

type Team = Awaited<ReturnType<typeof teamWorkspace>>

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

describe('duplicate, archive, delete', () => {
  let team: Team
  let mapId: string
  const tp: Record<string, string> = {}

  beforeAll(async () => {
    team = await teamWorkspace('Life Co')
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      tp.web = addTouchpoint(d, { name: 'Website' }, team.owner.id)
      tp.store = addTouchpoint(d, { name: 'Store' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    const persona = await createPersona(owner, { name: 'Families', initials: '', colour: 'teal', profile: '', needs: '', goals: '', frustrations: '', fields: [], goal: 'prevent_churn', priority: null })
    mapId = (await createMap(owner, { name: 'Retail', template: 'blank' })).id
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      const loyal = addStage(d, { name: 'Loyalty', weight: 5 })
      const row = addSegment(d, { name: 'x' })
      applyPersona(d, row, persona)
      placeTouchpoint(d, { touchpointId: tp.web!, stageId: loyal, segmentId: row })
      placeTouchpoint(d, { touchpointId: tp.store!, stageId: loyal, segmentId: row })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
    await setMyScores(await ctxOf(team.editor.id, team.ws.id), { touchpointId: tp.web!, scores: { value: 3 } })
  })

  it('duplicates with the cards on the same catalog touchpoints, and the copy edits independently', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const { id } = await duplicateMap(editor, mapId, { name: 'Retail (copy)', withCards: true })
    const [a, b] = await Promise.all([getMap(editor, mapId), getMap(editor, id)])
    expect(b.name).toBe('Retail (copy)')
    expect(b.stages.map((s) => [s.name, s.weight])).toEqual(a.stages.map((s) => [s.name, s.weight]))
    expect(b.placements.map((p) => p.touchpoint.id).sort()).toEqual(a.placements.map((p) => p.touchpoint.id).sort())
    const copyDoc = await withDocument(team.ws.id, mapDocName(team.ws.id, id), (d) => readMap(d))
    expect(copyDoc.segments[0]).toMatchObject({ name: 'Families', personaId: expect.any(String) })
    // No touchpoint was copied: the catalog holds the same two.
    expect(await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => listTouchpoints(d).length)).toBe(2)
    // Editing the copy leaves the original as it was.
    const edited = await withDocument(team.ws.id, mapDocName(team.ws.id, id), (d) => (renameMap(d, 'Renamed copy'), d.getMap('placements').clear(), d))
    await projectMap(team.ws.id, id, edited)
    expect((await getMap(editor, mapId)).placements).toHaveLength(2)
    expect((await getMap(editor, id)).placements).toHaveLength(0)
  })

  it('duplicates the structure only when asked, and refuses a map of another workspace', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const { id } = await duplicateMap(editor, mapId, { name: 'Empty structure', withCards: false })
    const copy = await getMap(editor, id)
    expect(copy.stages).toHaveLength(1)
    expect(copy.segments).toHaveLength(1)
    expect(copy.placements).toEqual([])
    const other = await teamWorkspace('Other Life Co')
    await expect(duplicateMap(await ctxOf(other.owner.id, other.ws.id), mapId, { name: 'Stolen', withCards: true })).rejects.toMatchObject({ status: 404 })
  })

  it('an archived map leaves the default list and the journey weights, and comes back', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const weightOf = async () => (await improveNext(manager)).find((r) => r.id === tp.web)?.journeyWeight
    // The original and its copy both hold Website on a "prevent churn" row of a stage weighted 5... until the copy lost its cards.
    expect(await weightOf()).toBe(25)
    await setArchived(manager, mapId, true)
    expect(await weightOf()).toBe(0)
    const all = await listMaps(manager)
    expect(filterMaps(all, parseMapFilters({})).map((m) => m.name)).not.toContain('Retail')
    expect(filterMaps(all, parseMapFilters({ show: 'archived' })).map((m) => m.name)).toEqual(['Retail'])
    await setArchived(manager, mapId, false)
    expect(await weightOf()).toBe(25)
  })

  it('only owners and admins delete; a deleted map is gone from every read, refuses sockets, and restores whole', async () => {
    await expect(deleteMap(await ctxOf(team.manager.id, team.ws.id), mapId)).rejects.toMatchObject({ status: 403 })
    const admin = await ctxOf(team.admin.id, team.ws.id)
    const editor = await ctxOf(team.editor.id, team.ws.id)

    // An editor has the map open.
    const doc = mapDocName(team.ws.id, mapId)
    const client = connectClient(team.editor.id, team.ws.id, doc, env.rt.baseUrl)
    await waitFor(() => client.provider.synced, 10_000, 'sync')
    const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (ev: CloseEvent | null) => resolve(ev?.code ?? 0)))

    const at = Date.now()
    await deleteMap(admin, mapId)
    expect(await closed).toBe(4403)
    expect(Date.now() - at).toBeLessThan(2500)
    client.stop()
    await expect(getMap(editor, mapId)).rejects.toMatchObject({ status: 404 })
    await expect(getMap(admin, mapId)).rejects.toMatchObject({ status: 404 })
    expect((await listMaps(editor)).map((m) => m.id)).not.toContain(mapId)
    expect((await analysisData(editor)).rows.find((r) => r.id === tp.store)?.placements).toEqual([])
    expect((await listDeletedMaps(admin)).map((m) => m.name)).toEqual(['Retail'])
    await expect(listDeletedMaps(editor)).rejects.toMatchObject({ status: 403 })

    await restoreDeletedMap(admin, mapId)
    const back = await getMap(editor, mapId)
    expect(back.placements).toHaveLength(2)
    expect(back.segments[0]!.name).toBe('Families')
  })

  it('purges maps deleted more than 30 days ago, with their stored documents', async () => {
    const admin = await ctxOf(team.admin.id, team.ws.id)
    await deleteMap(admin, mapId)
    const doc = mapDocName(team.ws.id, mapId)
    // Not yet: deleted today.
    expect(await purgeDeletedMaps()).toBe(0)
    await inWorkspace(team.ws.id, null, (tx) => tx.update(maps).set({ deletedAt: sql`now() - interval '31 days'` }).where(eq(maps.id, mapId)))
    expect(await purgeDeletedMaps()).toBe(1)
    const [row] = await inWorkspace(team.ws.id, null, (tx) => tx.select().from(maps).where(eq(maps.id, mapId)))
    expect(row).toBeUndefined()
    const logRows = await inWorkspace(team.ws.id, null, (tx) => tx.select({ id: realtimeUpdates.id }).from(realtimeUpdates).where(and(eq(realtimeUpdates.workspaceId, team.ws.id), eq(realtimeUpdates.doc, doc))))
    expect(logRows).toEqual([])
    expect(await listDeletedMaps(admin)).toEqual([])
  })
})

describe('new maps from starters and templates', () => {
  let team: Team
  let invoiceId: string

  beforeAll(async () => {
    team = await teamWorkspace('Starter Co')
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      invoiceId = addTouchpoint(d, { name: 'Invoice email' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
  })

  it('links a starter the catalog already has (by its usual name) and adds the others, placed by phase on the first row', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    expect(await starterMatches(editor)).toEqual({ billing: 'Invoice email' })
    const { id } = await createMapFrom(editor, { name: 'Starter map', template: 'purchase', starters: ['billing', 'online-ads', 'live-chat'] })
    const map = await getMap(editor, id)
    const at = Object.fromEntries(map.placements.map((p) => [p.touchpoint.name, map.stages.find((s) => s.id === p.stageId)!.name]))
    expect(at).toEqual({ 'Invoice email': 'After purchase', 'Online ads': 'Before purchase', 'Live chat': 'During purchase' })
    expect(map.segments.map((s) => s.name)).toEqual(['Customers'])
    const names = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => listTouchpoints(d).map((t) => t.name).sort())
    expect(names).toEqual(['Invoice email', 'Live chat', 'Online ads'])
    expect(map.placements.find((p) => p.touchpoint.name === 'Invoice email')!.touchpoint.id).toBe(invoiceId)
    const ads = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => listTouchpoints(d).find((t) => t.name === 'Online ads'))
    expect(ads).toMatchObject({ kind: 'communication', ownership: 'paid', control: 'direct' })
    // A second map with the same starters adds nothing more to the catalog.
    await createMapFrom(editor, { name: 'Second', template: 'lifecycle', starters: ['billing', 'online-ads', 'live-chat'] })
    expect(await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => listTouchpoints(d).length)).toBe(3)
    await expect(createMapFrom(editor, { name: 'Bad', template: 'purchase', starters: ['made-up'] })).rejects.toMatchObject({ status: 422 })
  })

  it('saves a map as a template and makes new maps from it, with or without its touchpoints', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const source = (await listMaps(editor)).find((m) => m.name === 'Starter map')!
    const bare = await saveTemplate(editor, source.id, { name: 'Purchase with customers', withTouchpoints: false })
    const full = await saveTemplate(editor, source.id, { name: 'Purchase, full', withTouchpoints: true })
    expect((await listTemplates(editor)).map((x) => [x.name, x.stages, x.segments, x.cards])).toEqual([
      ['Purchase with customers', 3, 1, 0],
      ['Purchase, full', 3, 1, 3],
    ])
    const a = await getMap(editor, (await createMapFrom(editor, { name: 'From bare', template: `ws:${bare.id}`, starters: [] })).id)
    expect(a).toMatchObject({ template: 'custom', placements: [] })
    expect(a.stages.map((s) => s.name)).toEqual(['Before purchase', 'During purchase', 'After purchase'])
    const b = await getMap(editor, (await createMapFrom(editor, { name: 'From full', template: `ws:${full.id}`, starters: [] })).id)
    expect(b.placements.map((p) => p.touchpoint.name).sort()).toEqual(['Invoice email', 'Live chat', 'Online ads'])
    const other = await teamWorkspace('Template thief')
    await expect(createMapFrom(await ctxOf(other.owner.id, other.ws.id), { name: 'Stolen', template: `ws:${full.id}`, starters: [] })).rejects.toMatchObject({ status: 422 })
  })
})
