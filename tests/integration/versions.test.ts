/**
 * Map versions on the real live documents and read model: save, list, open
 * with what changed since, restore as a forward change (a deleted touchpoint
 * comes back with its own record), undo the restore, the automatic version's
 * hourly limit, an audit's version at close, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { answerTask, openCampaign, reviewTask } from '@/lib/audits/campaigns'
import { campaignDetail } from '@/lib/audits/queries'
import { withDocument } from '@/lib/documents/live-documents'
import { addSegment, addStage, addTouchpoint, catalogDocName, listTouchpoints, mapDocName, placeTouchpoint, readMap, removePlacement, touchpointsOf, updateStage } from '@/lib/maps/doc-schema'
import { createMap, getMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { listVersions, restoreVersion, saveAutoVersion, versionView } from '@/lib/versions/versions'
import { restoreVersionAction, saveVersionAction } from '@/app/w/[slug]/maps/[mapId]/versions/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

describe('map versions', () => {
  let team: Awaited<ReturnType<typeof teamWorkspace>>
  let mapId: string
  const tp: Record<string, string> = {}
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    team = await teamWorkspace('Versions Co')
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      tp.invoice = addTouchpoint(d, { name: 'Invoice email', description: 'Monthly' }, team.owner.id)
      tp.store = addTouchpoint(d, { name: 'Store' }, team.owner.id)
      tp.app = addTouchpoint(d, { name: 'App' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    mapId = (await createMap(owner, { name: 'Journey', template: 'blank' })).id
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      ids.stage = addStage(d, { name: 'Buy', weight: 4 })
      ids.segment = addSegment(d, { name: 'Families' })
      ids.invoice = placeTouchpoint(d, { touchpointId: tp.invoice!, stageId: ids.stage, segmentId: ids.segment })
      ids.store = placeTouchpoint(d, { touchpointId: tp.store!, stageId: ids.stage, segmentId: ids.segment })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
  })

  it('saves a named version (editors), refuses viewers and bad names, and lists it', async () => {
    who.session = sessionOf(team.viewer)
    expect(await saveVersionAction({ workspaceId: team.ws.id, mapId, name: 'Nope' })).toMatchObject({ ok: false, status: 403 })
    who.session = sessionOf(team.editor)
    expect(await saveVersionAction({ workspaceId: team.ws.id, mapId, name: ' ' })).toMatchObject({ ok: false, status: 422, fieldErrors: { name: ['Enter a name'] } })
    expect(await saveVersionAction({ workspaceId: team.ws.id, mapId, name: 'x'.repeat(121) })).toMatchObject({ ok: false, status: 422 })
    const r = await saveVersionAction({ workspaceId: team.ws.id, mapId, name: 'Before the workshop' })
    expect(r).toMatchObject({ ok: true })
    ids.version = (r as { data: { id: string } }).data.id
    const list = await listVersions(await ctxOf(team.viewer.id, team.ws.id), mapId)
    expect(list).toEqual([expect.objectContaining({ id: ids.version, name: 'Before the workshop', kind: 'named', touchpoints: 2, cards: 2 })])
  })

  it('restores a version as a forward change: cards and fields back, a deleted touchpoint back with its own record; undo brings back the state before', async () => {
    // Edits after the version: a card removed, one added, a stage renamed, the invoice deleted from the catalog.
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      removePlacement(d, ids.store!)
      ids.app = placeTouchpoint(d, { touchpointId: tp.app!, stageId: ids.stage!, segmentId: ids.segment! })
      updateStage(d, ids.stage!, { name: 'Purchase', weight: 2 })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      touchpointsOf(d).delete(tp.invoice!)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const view = await versionView(manager, ids.version!)
    // The version's scope is what stood on the map: App is new to it, Store left it, the invoice is gone; the stage renamed moves no card.
    expect(view.changesSince.map((c) => [c.kind, c.name])).toEqual([
      ['added', 'App'],
      ['removed', 'Invoice email'],
      ['removed', 'Store'],
    ])

    who.session = sessionOf(team.editor)
    expect(await restoreVersionAction({ workspaceId: team.ws.id, versionId: ids.version })).toMatchObject({ ok: false, status: 403 })
    const r = await restoreVersion(manager, ids.version!)
    expect(r).toMatchObject({ touchpointsBack: 1 })
    const after = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => readMap(d))
    expect(after.stages).toEqual([expect.objectContaining({ id: ids.stage, name: 'Buy', weight: 4 })])
    expect(after.placements.map((p) => [p.id, p.touchpointId]).sort()).toEqual([
      [ids.invoice, tp.invoice],
      [ids.store, tp.store],
    ].sort())
    const back = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => listTouchpoints(d).find((t) => t.id === tp.invoice))
    expect(back).toMatchObject({ id: tp.invoice, name: 'Invoice email', description: 'Monthly' })
    expect((await getMap(manager, mapId)).placements.map((p) => p.touchpoint.name).sort()).toEqual(['Invoice email', 'Store'])

    // Undo: the version saved just before the restore.
    const list = await listVersions(manager, mapId)
    expect(list[0]).toMatchObject({ id: r.undoVersionId, kind: 'restore', name: 'Before restoring “Before the workshop”' })
    await restoreVersion(manager, r.undoVersionId)
    const undone = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => readMap(d))
    expect(undone.stages[0]).toMatchObject({ name: 'Purchase', weight: 2 })
    // Before the restore the map held the app's card and the invoice's (whose record had been deleted, and is now back).
    expect(undone.placements.map((p) => p.touchpointId).sort()).toEqual([tp.app, tp.invoice].sort())
  })

  it('keeps at most one automatic version an hour', async () => {
    // The versions above are recent: none now; three hours on, one; a minute after that, none.
    expect(await saveAutoVersion(team.ws.id, mapId)).toBeNull()
    const later = new Date(Date.now() + 3 * 3600_000)
    expect(await saveAutoVersion(team.ws.id, mapId, later)).toMatchObject({ id: expect.any(String) })
    expect(await saveAutoVersion(team.ws.id, mapId, new Date(later.getTime() + 60_000))).toBeNull()
    expect((await listVersions(await ctxOf(team.viewer.id, team.ws.id), mapId)).filter((v) => v.kind === 'auto')).toHaveLength(1)
  })

  it('an audit of the map keeps a version when it closes; another workspace’s version is a 404', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const c = await openCampaign(manager, { mapId, name: 'Autumn audit', dueAt: new Date(Date.now() + 86_400_000) })
    for (const t of (await campaignDetail(manager, c.id)).tasks) {
      await answerTask(manager, { taskId: t.id, checklist: { accurate: true, scoresRefreshed: true, relevant: 'keep', processesCurrent: true, newTouchpoints: 'none' }, note: '', signOff: true })
      await reviewTask(manager, { taskId: t.id, decision: 'approve', note: '' })
    }
    expect((await listVersions(manager, mapId)).some((v) => v.kind === 'audit' && v.name === 'Audit “Autumn audit”')).toBe(true)
    const other = await teamWorkspace('Other Co')
    await expect(versionView(await ctxOf(other.owner.id, other.ws.id), ids.version!)).rejects.toMatchObject({ status: 404 })
    await expect(restoreVersion(await ctxOf(other.owner.id, other.ws.id), ids.version!)).rejects.toMatchObject({ status: 404 })
  })
})
