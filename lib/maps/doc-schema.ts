/**
 * The shape of the live documents behind the catalog and the maps, and every
 * change made to them: the editor in the browser and server code (imports,
 * owner assignment, the API, the demo seed) call these, so there is one
 * write path per fact.
 *
 * Catalog document `ws.<workspace>.catalog`:
 *   touchpoints: Y.Map<id, Y.Map<field, value>>   (fields of lib/maps/model.ts, plus createdAt, updatedAt, updatedBy)
 * Map document `ws.<workspace>.map.<map id>`:
 *   meta:       Y.Map   name, template
 *   stages:     Y.Map<id, Y.Map> name, description, weight, order       (columns, sorted by order key)
 *   segments:   Y.Map<id, Y.Map> name, profile, goal, priority, order   (rows, sorted by order key)
 *               personaId: the library persona the row stands for (lib/personas), whose
 *               name, profile, goal and priority the server copies into the row on each change
 *   placements: Y.Map<id, Y.Map> touchpointId, stageId, segmentId, order (cards; order is an order key)
 * Concurrent edits of one field converge (last writer wins, the same everywhere).
 */
import * as Y from 'yjs'
import { docName } from '@/realtime/doc-name'
import {
  EMPTY_TOUCHPOINT,
  MAP_TEMPLATES,
  type MapTemplate,
  type SegmentFields,
  type StageFields,
  type StrategicGoal,
  type TouchpointFields,
} from './model'
import { readLanes, writeLanes, type Lanes } from './lanes'
import { keyBetween } from './order-key'

export const catalogDocName = (workspaceId: string) => docName(workspaceId, 'catalog')
export const mapDocName = (workspaceId: string, mapId: string) => docName(workspaceId, `map.${mapId}`)

const newId = () => crypto.randomUUID()

// ---- catalog ---------------------------------------------------------------

export type Touchpoint = TouchpointFields & { id: string; createdAt: string; updatedAt: string; updatedBy: string | null }

export const touchpointsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('touchpoints')

export function readTouchpoint(id: string, y: Y.Map<unknown>): Touchpoint {
  const get = <K extends keyof Touchpoint>(k: K, fallback: Touchpoint[K]) => (y.has(k) ? (y.get(k) as Touchpoint[K]) : fallback)
  const out = { id } as Touchpoint
  for (const [k, v] of Object.entries(EMPTY_TOUCHPOINT)) (out as Record<string, unknown>)[k] = get(k as keyof Touchpoint, v as never)
  out.name = get('name', '')
  out.createdAt = get('createdAt', '')
  out.updatedAt = get('updatedAt', '')
  out.updatedBy = get('updatedBy', null)
  return out
}

export function listTouchpoints(doc: Y.Doc): Touchpoint[] {
  const out: Touchpoint[] = []
  touchpointsOf(doc).forEach((y, id) => out.push(readTouchpoint(id, y)))
  return out
}

/** Adds a touchpoint to the catalog; returns its id. */
export function addTouchpoint(doc: Y.Doc, fields: Partial<TouchpointFields> & { name: string }, by: string | null, id = newId()): string {
  const now = new Date().toISOString()
  doc.transact(() => {
    const y = new Y.Map<unknown>()
    for (const [k, v] of Object.entries({ ...EMPTY_TOUCHPOINT, ...fields })) y.set(k, v)
    y.set('createdAt', now)
    y.set('updatedAt', now)
    y.set('updatedBy', by)
    touchpointsOf(doc).set(id, y)
  })
  return id
}

/** Changes some fields of a touchpoint; only fields whose value differs are written. Returns false when it does not exist. */
export function updateTouchpoint(doc: Y.Doc, id: string, patch: Partial<TouchpointFields>, by: string | null): boolean {
  const y = touchpointsOf(doc).get(id)
  if (!y) return false
  doc.transact(() => {
    let changed = false
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || y.get(k) === v) continue
      y.set(k, v)
      changed = true
    }
    if (changed) {
      y.set('updatedAt', new Date().toISOString())
      y.set('updatedBy', by)
    }
  })
  return true
}

// ---- maps -------------------------------------------------------------------

export type Stage = StageFields & { id: string; order: string }
export type Segment = SegmentFields & { id: string; order: string; personaId: string | null }
/** A row's writable fields: its own, and the library persona it stands for (null: a map-only segment). */
export type SegmentPatch = Partial<SegmentFields> & { personaId?: string | null }
export type Placement = { id: string; touchpointId: string; stageId: string; segmentId: string; order: string }
export type MapSnapshot = { name: string; template: string; stages: Stage[]; segments: Segment[]; placements: Placement[]; lanes?: Lanes }

export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>('meta')
/** Stages and segments are keyed by id with an order key each, so a move is one write and concurrent moves never duplicate. */
export const stagesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('stages')
export const segmentsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('segments')
export const placementsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('placements')

type Keyed = Y.Map<Y.Map<unknown>>

const mapOf = (fields: Record<string, unknown>) => {
  const y = new Y.Map<unknown>()
  for (const [k, v] of Object.entries(fields)) y.set(k, v)
  return y
}

const byOrder = <T extends { order: string; id: string }>(a: T, b: T) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1)

function ordered(m: Keyed): { id: string; order: string }[] {
  const out: { id: string; order: string }[] = []
  m.forEach((y, id) => out.push({ id, order: String(y.get('order') ?? 'i') }))
  return out.sort(byOrder)
}

/** The order key for position `index` in an ordered list (the end when past the last). */
function keyAt(list: { id: string; order: string }[], index: number, except?: string): string {
  const orders = list.filter((x) => x.id !== except).map((x) => x.order)
  const i = Math.max(0, Math.min(index, orders.length))
  return keyBetween(orders[i - 1] ?? null, orders[i] ?? null)
}

/** Fills a new map document: its name, the stages of its template, and optional segments. */
export function initMap(doc: Y.Doc, opts: { name: string; template: MapTemplate; segments?: Array<Partial<SegmentFields> & { name: string }> }): void {
  doc.transact(() => {
    metaOf(doc).set('name', opts.name)
    metaOf(doc).set('template', opts.template)
    for (const name of MAP_TEMPLATES[opts.template]) addStage(doc, { name })
    for (const s of opts.segments ?? []) addSegment(doc, s)
  })
}

/** Renames a map (its read-model row follows through the projection). The name is validated by the caller (lib/maps/schemas.ts mapNameSchema). */
export function renameMap(doc: Y.Doc, name: string): void {
  if (metaOf(doc).get('name') === name) return
  doc.transact(() => metaOf(doc).set('name', name))
}

export function readStage(id: string, y: Y.Map<unknown>): Stage {
  return { id, name: String(y.get('name') ?? ''), description: String(y.get('description') ?? ''), weight: Number(y.get('weight') ?? 3), order: String(y.get('order') ?? 'i') }
}

export function readSegment(id: string, y: Y.Map<unknown>): Segment {
  return {
    id,
    name: String(y.get('name') ?? ''),
    profile: String(y.get('profile') ?? ''),
    goal: (y.get('goal') as StrategicGoal) ?? 'win',
    priority: Number(y.get('priority') ?? 3),
    order: String(y.get('order') ?? 'i'),
    personaId: personaIdOf(y.get('personaId')),
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A row's persona id as the server trusts it: a uuid, else none (a client may write anything into the document). */
export const personaIdOf = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null)

export function readPlacement(id: string, y: Y.Map<unknown>): Placement {
  return { id, touchpointId: String(y.get('touchpointId')), stageId: String(y.get('stageId')), segmentId: String(y.get('segmentId')), order: String(y.get('order') ?? 'i') }
}

export function readMap(doc: Y.Doc): MapSnapshot {
  const stages: Stage[] = []
  stagesOf(doc).forEach((y, id) => stages.push(readStage(id, y)))
  const segments: Segment[] = []
  segmentsOf(doc).forEach((y, id) => segments.push(readSegment(id, y)))
  const placements: Placement[] = []
  placementsOf(doc).forEach((y, id) => placements.push(readPlacement(id, y)))
  return {
    name: String(metaOf(doc).get('name') ?? ''),
    template: String(metaOf(doc).get('template') ?? 'blank'),
    stages: stages.sort(byOrder),
    segments: segments.sort(byOrder),
    placements: placements.sort(byOrder),
    lanes: readLanes(doc, new Set(stages.map((s) => s.id)), new Set(segments.map((s) => s.id))),
  }
}

export function addStage(doc: Y.Doc, fields: Partial<StageFields> & { name: string }, index = Number.MAX_SAFE_INTEGER, id = newId()): string {
  doc.transact(() => stagesOf(doc).set(id, mapOf({ description: '', weight: 3, ...fields, order: keyAt(ordered(stagesOf(doc)), index) })))
  return id
}

export function addSegment(doc: Y.Doc, fields: SegmentPatch & { name: string }, index = Number.MAX_SAFE_INTEGER, id = newId()): string {
  doc.transact(() => segmentsOf(doc).set(id, mapOf({ profile: '', goal: 'win', priority: 3, ...fields, order: keyAt(ordered(segmentsOf(doc)), index) })))
  return id
}

function patch(doc: Y.Doc, y: Y.Map<unknown> | undefined, fields: Record<string, unknown>): boolean {
  if (!y) return false
  doc.transact(() => {
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && y.get(k) !== v) y.set(k, v)
  })
  return true
}

/**
 * Makes a row stand for a library persona (or, with null, a map-only segment
 * again, keeping its last values): its persona id, and the persona's name,
 * profile, goal and priority in force copied into the row, so everything that
 * reads the document (the editor, exports, versions) shows the persona.
 */
export function applyPersona(doc: Y.Doc, segmentId: string, persona: { id: string; name: string; profile: string; goal: StrategicGoal; effectivePriority: number } | null): boolean {
  if (!persona) return updateSegment(doc, segmentId, { personaId: null })
  return updateSegment(doc, segmentId, { personaId: persona.id, name: persona.name, profile: persona.profile, goal: persona.goal, priority: persona.effectivePriority })
}

export const updateStage = (doc: Y.Doc, id: string, fields: Partial<StageFields>) => patch(doc, stagesOf(doc).get(id), fields)
export const updateSegment = (doc: Y.Doc, id: string, fields: SegmentPatch) => patch(doc, segmentsOf(doc).get(id), fields)

/** Moves a stage (column) or segment (row) to position `index`. */
export function moveStageOrSegment(doc: Y.Doc, which: 'stages' | 'segments', id: string, index: number): boolean {
  const m = which === 'stages' ? stagesOf(doc) : segmentsOf(doc)
  const y = m.get(id)
  if (!y) return false
  doc.transact(() => y.set('order', keyAt(ordered(m), index, id)))
  return true
}

/** Removes a stage or segment and the cards placed in it (the touchpoints stay in the catalog). */
export function removeStageOrSegment(doc: Y.Doc, which: 'stages' | 'segments', id: string): boolean {
  const m = which === 'stages' ? stagesOf(doc) : segmentsOf(doc)
  if (!m.has(id)) return false
  const key = which === 'stages' ? 'stageId' : 'segmentId'
  doc.transact(() => {
    m.delete(id)
    const placements = placementsOf(doc)
    for (const [pid, y] of [...placements.entries()]) if (y.get(key) === id) placements.delete(pid)
  })
  return true
}

function cell(doc: Y.Doc, stageId: string, segmentId: string): { id: string; order: string }[] {
  const out: { id: string; order: string }[] = []
  placementsOf(doc).forEach((y, id) => {
    if (y.get('stageId') === stageId && y.get('segmentId') === segmentId) out.push({ id, order: String(y.get('order')) })
  })
  return out.sort(byOrder)
}

/** Places a catalog touchpoint in a cell at `index` (default: last). Returns the placement id. */
export function placeTouchpoint(doc: Y.Doc, p: { touchpointId: string; stageId: string; segmentId: string; index?: number }, id = newId()): string {
  doc.transact(() => {
    const order = keyAt(cell(doc, p.stageId, p.segmentId), p.index ?? Number.MAX_SAFE_INTEGER)
    placementsOf(doc).set(id, mapOf({ touchpointId: p.touchpointId, stageId: p.stageId, segmentId: p.segmentId, order }))
  })
  return id
}

/** Moves a card to another cell and/or position `index` in it. */
export function movePlacement(doc: Y.Doc, id: string, to: { stageId: string; segmentId: string; index: number }): boolean {
  const y = placementsOf(doc).get(id)
  if (!y) return false
  doc.transact(() => {
    const order = keyAt(cell(doc, to.stageId, to.segmentId), to.index, id)
    y.set('stageId', to.stageId)
    y.set('segmentId', to.segmentId)
    y.set('order', order)
  })
  return true
}

export function removePlacement(doc: Y.Doc, id: string): boolean {
  if (!placementsOf(doc).has(id)) return false
  doc.transact(() => placementsOf(doc).delete(id))
  return true
}

/**
 * Makes the map document hold `target` (a version's content, readMap of it):
 * its name, stages, segments and cards, with their ids, fields and order keys.
 * A forward change, in one transaction: what differs is set, what is missing
 * is added back with its old id, what was added since is removed. The update
 * log keeps everything before it, and open editors receive it like any edit.
 * Cards whose touchpoint the caller could not bring back are skipped.
 */
export function restoreMapSnapshot(doc: Y.Doc, target: MapSnapshot, keepTouchpoint: (touchpointId: string) => boolean = () => true): { added: number; removed: number; changed: number } {
  const counts = { added: 0, removed: 0, changed: 0 }
  const sync = (m: Keyed, want: Map<string, Record<string, unknown>>) => {
    for (const id of [...m.keys()]) {
      if (!want.has(id)) {
        m.delete(id)
        counts.removed++
      }
    }
    for (const [id, fields] of want) {
      const y = m.get(id)
      if (!y) {
        m.set(id, mapOf(fields))
        counts.added++
        continue
      }
      let changed = false
      for (const [k, v] of Object.entries(fields)) {
        // A field a document never had reads as null (a row's personaId from before the persona library).
        if ((y.get(k) ?? null) !== (v ?? null)) {
          y.set(k, v)
          changed = true
        }
      }
      if (changed) counts.changed++
    }
  }
  doc.transact(() => {
    if (metaOf(doc).get('name') !== target.name) metaOf(doc).set('name', target.name)
    sync(stagesOf(doc), new Map(target.stages.map(({ id, ...f }) => [id, f])))
    sync(segmentsOf(doc), new Map(target.segments.map(({ id, ...f }) => [id, f])))
    sync(placementsOf(doc), new Map(target.placements.filter((p) => keepTouchpoint(p.touchpointId)).map(({ id, ...f }) => [id, f])))
    // Snapshots from before the lanes have none: the lanes are left as they are.
    if (target.lanes) writeLanes(doc, target.lanes)
  })
  return counts
}
