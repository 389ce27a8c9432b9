/**
 * Competitors on a map, on the real read model: their touchpoints per cell,
 * the cells where they are present and we are not, the checks on stages and
 * rows, and roles and other workspaces.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { competitorView, addCompetitor, addCompetitorTouchpoint, removeCompetitor } from '@/lib/competitors/competitors'
import { withDocument } from '@/lib/documents/live-documents'
import { addSegment, addStage, addTouchpoint, catalogDocName, mapDocName, placeTouchpoint } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { addCompetitorAction, addCompetitorTouchpointAction } from '@/app/w/[slug]/maps/[mapId]/competitors/actions'
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

describe('competitors on a map', () => {
  it('note their touchpoints per cell and show where they are present and we are not', async () => {
    const team = await teamWorkspace('Rival Co')
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const mapId = (await createMap(editor, { name: 'Delivery', template: 'blank' })).id
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      addTouchpoint(d, { name: 'Home delivery' }, team.owner.id, 'tp-delivery')
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    const cells: Record<string, string> = {}
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      cells.order = addStage(d, { name: 'Order' })
      cells.receive = addStage(d, { name: 'Receive' })
      cells.families = addSegment(d, { name: 'Families' })
      placeTouchpoint(d, { touchpointId: 'tp-delivery', stageId: cells.receive, segmentId: cells.families })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)

    who.session = sessionOf(team.editor)
    expect(await addCompetitorAction({ workspaceId: team.ws.id, mapId, name: '  ' })).toMatchObject({ ok: false, fieldErrors: { name: ['Name the competitor'] } })
    const homehaus = await addCompetitor(editor, mapId, 'HomeHaus')
    expect(await addCompetitorAction({ workspaceId: team.ws.id, mapId, name: 'homehaus' })).toMatchObject({ ok: false, status: 409 })
    expect(
      await addCompetitorTouchpointAction({ workspaceId: team.ws.id, competitorId: homehaus.id, stageId: 'nope', segmentId: cells.families, name: 'Same-day slots', rating: '7' }),
    ).toMatchObject({ ok: false, fieldErrors: { rating: ['A rating is 1 to 5'] } })
    expect(await addCompetitorTouchpointAction({ workspaceId: team.ws.id, competitorId: homehaus.id, stageId: 'nope', segmentId: cells.families, name: 'Same-day slots' })).toMatchObject({
      ok: false,
      fieldErrors: { stageId: ['This map has no such stage'] },
    })
    await addCompetitorTouchpoint(editor, { competitorId: homehaus.id, stageId: cells.receive!, segmentId: cells.families!, name: 'Same-day slots', rating: 4, note: '' })
    await addCompetitorTouchpoint(editor, { competitorId: homehaus.id, stageId: cells.order!, segmentId: cells.families!, name: 'Order by chat', rating: null, note: 'WhatsApp' })

    const view = await competitorView(await ctxOf(team.viewer.id, team.ws.id), mapId)
    expect(view.competitors).toEqual([{ id: homehaus.id, name: 'HomeHaus', entries: 2 }])
    expect(view.ours).toEqual({ [`${cells.receive}|${cells.families}`]: 1 })
    expect(view.gaps).toEqual([{ stageId: cells.order, stage: 'Order', segmentId: cells.families, segment: 'Families', competitors: [{ name: 'HomeHaus', touchpoint: 'Order by chat', rating: null }] }])

    // Viewers read only; another workspace finds nothing.
    await expect(addCompetitor(await ctxOf(team.viewer.id, team.ws.id), mapId, 'Spy')).rejects.toMatchObject({ status: 403 })
    const other = await teamWorkspace('Other rival')
    await expect(competitorView(await ctxOf(other.owner.id, other.ws.id), mapId)).rejects.toMatchObject({ status: 404 })
    await expect(removeCompetitor(await ctxOf(other.owner.id, other.ws.id), homehaus.id)).rejects.toMatchObject({ status: 404 })
    await expect(addCompetitorTouchpoint(await ctxOf(other.owner.id, other.ws.id), { competitorId: homehaus.id, stageId: cells.order!, segmentId: cells.families!, name: 'X', rating: null, note: '' })).rejects.toMatchObject({
      status: 404,
    })

    // Removing the competitor removes its touchpoints and the gap.
    await removeCompetitor(editor, homehaus.id)
    expect((await competitorView(editor, mapId)).gaps).toEqual([])
  })
})
