/**
 * The persona library and the journey weight, on the real read model: maps
 * written through their documents and projected, personas through the
 * service and its server actions (as the Personas page calls them).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { withDocument } from '@/lib/documents/live-documents'
import { improveNext, setMyScores, setWeights, touchpointEvaluation } from '@/lib/evaluation/evaluation'
import { DEFAULT_WEIGHTS, healthOf, priorityOf } from '@/lib/evaluation/model'
import { addSegment, addStage, addTouchpoint, applyPersona, catalogDocName, mapDocName, placeTouchpoint, readMap, type Segment } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import type { PersonaFields } from '@/lib/personas/model'
import { createPersona, deletePersona, getPersona, listPersonas, promoteSegment, updatePersona } from '@/lib/personas/personas'
import { createPersonaAction, updatePersonaAction } from '@/app/w/[slug]/personas/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))
vi.mock('next/navigation', () => ({ redirect: () => undefined }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

const fields = (p: Partial<PersonaFields> & { name: string; goal: PersonaFields['goal'] }): PersonaFields => ({
  initials: '',
  colour: 'indigo',
  profile: '',
  needs: '',
  goals: '',
  frustrations: '',
  fields: [],
  priority: null,
  ...p,
})

describe('the persona library', () => {
  let team: Team
  beforeAll(async () => {
    team = await teamWorkspace('Persona Co')
  })

  it('validates every field with a clear message, through the page’s action', async () => {
    who.session = sessionOf(team.manager)
    const base = { workspaceId: team.ws.id, goal: 'win' }
    const empty = await createPersonaAction({ ...base, name: '' })
    expect(empty).toMatchObject({ ok: false, status: 422, fieldErrors: { name: ['Enter a name'] } })
    const long = await createPersonaAction({ ...base, name: 'x'.repeat(300) })
    expect(long).toMatchObject({ ok: false, fieldErrors: { name: ['A persona name can have at most 60 characters'] } })
    const badPriority = await createPersonaAction({ ...base, name: 'Ok', priority: '7' })
    expect(badPriority).toMatchObject({ ok: false, fieldErrors: { priority: ['Priority is 1 (highest) to 5'] } })
    const badGoal = await createPersonaAction({ ...base, name: 'Ok', goal: 'conquer' })
    expect(badGoal).toMatchObject({ ok: false, fieldErrors: { goal: [expect.stringContaining('Strategic goal is one of')] } })
    const unlabelled = await createPersonaAction({ ...base, name: 'Ok', fieldLabel: ['', 'Age'], fieldValue: ['no label', '30-40'] })
    expect(unlabelled).toMatchObject({ ok: false, fieldErrors: { 'fields.0.label': ['Give each free field a label'] } })
    expect(await listPersonas(await ctxOf(team.viewer.id, team.ws.id))).toEqual([])

    const made = await createPersonaAction({ ...base, name: 'Small business owner', goal: 'develop', fieldLabel: ['Tools', ''], fieldValue: ['Spreadsheets', ''] })
    expect(made.ok).toBe(true)
    const [p] = await listPersonas(await ctxOf(team.viewer.id, team.ws.id))
    expect(p).toMatchObject({ name: 'Small business owner', initials: 'SB', goal: 'develop', priority: null, effectivePriority: 4, fields: [{ label: 'Tools', value: 'Spreadsheets' }], uses: [] })
    // The same name again (any case) is refused: one persona, not two that drift.
    expect(await createPersonaAction({ ...base, name: 'small BUSINESS owner' })).toMatchObject({ ok: false, status: 409, error: 'There is already a persona called “small BUSINESS owner”' })
  })

  it('is written by managers and up; editors and viewers only read it', async () => {
    who.session = sessionOf(team.editor)
    expect(await createPersonaAction({ workspaceId: team.ws.id, name: 'Editor’s', goal: 'win' })).toMatchObject({ ok: false, status: 403 })
    const [p] = await listPersonas(await ctxOf(team.editor.id, team.ws.id))
    expect(await updatePersonaAction({ workspaceId: team.ws.id, personaId: p!.id, name: 'Renamed', goal: 'win' })).toMatchObject({ ok: false, status: 403 })
    await expect(deletePersona(await ctxOf(team.viewer.id, team.ws.id), p!.id)).rejects.toMatchObject({ status: 403 })
  })

  it('a persona of another workspace is not found, whatever the role', async () => {
    const other = await teamWorkspace('Other Co')
    const theirs = await createPersona(await ctxOf(other.manager.id, other.ws.id), fields({ name: 'Theirs', goal: 'win' }))
    const mine = await ctxOf(team.owner.id, team.ws.id)
    await expect(getPersona(mine, theirs.id)).rejects.toMatchObject({ status: 404 })
    await expect(updatePersona(mine, theirs.id, fields({ name: 'Stolen', goal: 'win' }))).rejects.toMatchObject({ status: 404 })
    await expect(deletePersona(mine, theirs.id)).rejects.toMatchObject({ status: 404 })
    expect((await getPersona(await ctxOf(other.viewer.id, other.ws.id), theirs.id)).name).toBe('Theirs')
  })
})

describe('personas on maps and the journey weight', () => {
  let team: Team
  const tp: Record<string, string> = {}
  let churnMap: string
  let growthMap: string
  let personaId: string
  let rowOnChurn: string
  let rowOnGrowth: string

  const rows = async (mapId: string): Promise<Segment[]> => withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => readMap(d).segments)

  beforeAll(async () => {
    team = await teamWorkspace('Journey Co')
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      tp.loyalty = addTouchpoint(d, { name: 'Loyalty programme' }, team.owner.id)
      tp.ads = addTouchpoint(d, { name: 'Online ads' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    const persona = await createPersona(owner, fields({ name: 'Churn risk', goal: 'develop' }))
    personaId = persona.id
    churnMap = (await createMap(owner, { name: 'Retention', template: 'blank' })).id
    growthMap = (await createMap(owner, { name: 'Acquisition', template: 'blank' })).id
    let doc = await withDocument(team.ws.id, mapDocName(team.ws.id, churnMap), (d) => {
      const loyalty = addStage(d, { name: 'Loyalty', weight: 5 })
      rowOnChurn = addSegment(d, { name: 'typed by hand' })
      applyPersona(d, rowOnChurn, persona)
      placeTouchpoint(d, { touchpointId: tp.loyalty!, stageId: loyalty, segmentId: rowOnChurn })
      return d
    })
    await projectMap(team.ws.id, churnMap, doc)
    doc = await withDocument(team.ws.id, mapDocName(team.ws.id, growthMap), (d) => {
      const aware = addStage(d, { name: 'Awareness', weight: 4 })
      const quiet = addStage(d, { name: 'Knowledge', weight: 1 })
      rowOnGrowth = addSegment(d, { name: 'Churn risk again' })
      applyPersona(d, rowOnGrowth, persona)
      const prospects = addSegment(d, { name: 'Prospects', goal: 'win', priority: 2 })
      placeTouchpoint(d, { touchpointId: tp.ads!, stageId: aware, segmentId: prospects })
      placeTouchpoint(d, { touchpointId: tp.loyalty!, stageId: quiet, segmentId: rowOnGrowth })
      return d
    })
    await projectMap(team.ws.id, growthMap, doc)
    const editor = await ctxOf(team.editor.id, team.ws.id)
    // Scored alike: only the journey tells them apart.
    for (const id of [tp.loyalty!, tp.ads!]) await setMyScores(editor, { touchpointId: id, scores: { value: 3 } })
  })

  it('copies the persona into the rows that stand for it, and says where it is used', async () => {
    expect((await rows(churnMap))[0]).toMatchObject({ name: 'Churn risk', goal: 'develop', priority: 4, personaId })
    const p = await getPersona(await ctxOf(team.viewer.id, team.ws.id), personaId)
    expect(p.uses.map((u) => u.mapName)).toEqual(['Acquisition', 'Retention'])
  })

  it('ranks by the heaviest card: "develop" (priority 4 -> 2) x 5 = 10 is below "win" (2 -> 4) x 4 = 16', async () => {
    const list = await improveNext(await ctxOf(team.manager.id, team.ws.id))
    expect(list.map((r) => [r.name, r.journeyWeight])).toEqual([
      ['Online ads', 16],
      ['Loyalty programme', 10],
    ])
    // Hand-computed: score 3, no estimates, no insights; parts 0.5, 0.5, 0, 0.5, journey 16/25 or 10/25,
    // and poor health 1 - 0.667 (health: experience 0.5 weighted 2, no complaints 1 weighted 1).
    expect(list[0]!.priority).toBe(priorityOf({ score: 3, importance: null, effort: null, openInsights: 0, journey: { weight: 16, map: '', stage: '', stageWeight: 4, segment: '', goal: 'win', priority: 2 }, health: healthOf({ kpis: [], score: 3, negativeInsights: 0 }, DEFAULT_WEIGHTS) }, DEFAULT_WEIGHTS))
    expect(list[0]!.priority).toBe(42.5) // 100 x (3 x 0.5 + 3 x 0.5 + 2 x 0 + 2 x 0.5 + 2 x 0.64 + 2 x 0.333) / 14
    expect(list[1]!.priority).toBe(39) // 100 x (4 + 2 x 0.4 + 2 x 0.333) / 14 = 39.05
    expect(list[0]!.reasons).toContainEqual({ kind: 'journey', map: 'Acquisition', stage: 'Awareness', stageWeight: 4, segment: 'Prospects', goal: 'win' })
  })

  it('re-ranks at once when the persona’s goal changes, with the reason in the ranking and on the touchpoint', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    await updatePersona(manager, personaId, fields({ name: 'Churn risk', goal: 'prevent_churn' }))
    const list = await improveNext(manager)
    expect(list.map((r) => [r.name, r.journeyWeight])).toEqual([
      ['Loyalty programme', 25],
      ['Online ads', 16],
    ])
    const reason = { kind: 'journey', map: 'Retention', stage: 'Loyalty', stageWeight: 5, segment: 'Churn risk', goal: 'prevent_churn' }
    expect(list[0]!.reasons[0]).toEqual(reason)
    expect((await touchpointEvaluation(manager, tp.loyalty!)).reasons).toContainEqual(reason)
    // Every row standing for it follows, on both maps.
    expect((await rows(churnMap))[0]).toMatchObject({ goal: 'prevent_churn', priority: 1 })
    expect((await rows(growthMap))[0]).toMatchObject({ name: 'Churn risk', goal: 'prevent_churn', priority: 1 })
  })

  it('the library decides the weight, whatever a client writes into the row', async () => {
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, churnMap), (d) => {
      d.getMap<import('yjs').Map<unknown>>('segments').get(rowOnChurn)!.set('priority', 5)
      return d
    })
    await projectMap(team.ws.id, churnMap, doc)
    expect((await improveNext(await ctxOf(team.manager.id, team.ws.id)))[0]).toMatchObject({ name: 'Loyalty programme', journeyWeight: 25 })
  })

  it('switched off (weight 0), both rank as the four-part formula does', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    await setWeights(manager, { ...DEFAULT_WEIGHTS, journey: 0, health: 0 })
    const list = await improveNext(manager)
    expect(list.map((r) => r.priority)).toEqual([40, 40]) // 100 x 4 / 10 each
    expect(list.flatMap((r) => r.reasons.map((x) => x.kind))).not.toContain('journey')
    await setWeights(manager, DEFAULT_WEIGHTS)
  })

  it('refuses to delete a persona in use, naming the maps; once off the maps it goes', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    await expect(deletePersona(manager, personaId)).rejects.toMatchObject({
      status: 409,
      message: '“Churn risk” is used on 2 maps: “Acquisition”, “Retention”. Take it off those maps first.',
    })
    for (const [mapId, row] of [
      [churnMap, rowOnChurn],
      [growthMap, rowOnGrowth],
    ] as const) {
      const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => (applyPersona(d, row, null), d))
      await projectMap(team.ws.id, mapId, doc)
    }
    // The rows keep the persona's last values as map-only segments.
    expect((await rows(churnMap))[0]).toMatchObject({ name: 'Churn risk', personaId: null })
    await deletePersona(manager, personaId)
    expect(await listPersonas(manager)).toEqual([])
  })

  it('promotes a map-only row to the library, which the row then stands for', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const prospects = (await rows(growthMap)).find((r) => r.name === 'Prospects')!
    const p = await promoteSegment(manager, growthMap, prospects.id)
    // Priority 2 is what "win" gives by default: no override is stored.
    expect(p).toMatchObject({ name: 'Prospects', goal: 'win', priority: null, effectivePriority: 2 })
    expect((await rows(growthMap)).find((r) => r.id === prospects.id)).toMatchObject({ personaId: p.id })
    await expect(promoteSegment(manager, growthMap, prospects.id)).rejects.toMatchObject({ status: 409 })
    await expect(promoteSegment(await ctxOf(team.editor.id, team.ws.id), growthMap, prospects.id)).rejects.toMatchObject({ status: 403 })
  })
})
