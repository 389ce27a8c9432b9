/**
 * Pure logic of the map editor: laying cards out in cells, filters,
 * keyboard moves, type-ahead and field validation. No React, no Yjs
 * providers: unit-tested in tests/unit/map-editor-logic.test.ts.
 */
import type { MapSnapshot, Placement, Segment, Stage, Touchpoint } from '@/lib/maps/doc-schema'
import { TEXT_FIELDS, touchpointFieldsSchema, type TouchpointFields, type TouchpointKind } from '@/lib/maps/model'

export type CardView = { placement: Placement; touchpoint: Touchpoint }
/** Where touchpoints are looked up by id (a Map, or the editor's lazily read catalog). */
export type TouchpointLookup = { get(id: string): Touchpoint | undefined }
export type CellKey = `${string}|${string}`
export const cellKey = (stageId: string, segmentId: string): CellKey => `${stageId}|${segmentId}`

export type Filters = { segmentId: string | null; kind: TouchpointKind | null; owner: string | null }
export const NO_FILTERS: Filters = { segmentId: null, kind: null, owner: null }

/** Owner filter values: `user:<id>`, `dept:<id>`, or `none` (no owner at all). */
export function ownerMatches(tp: Touchpoint, owner: string | null): boolean {
  if (!owner) return true
  if (owner === 'none') return !tp.ownerUserId && !tp.ownerDepartmentId
  if (owner.startsWith('user:')) return tp.ownerUserId === owner.slice(5)
  if (owner.startsWith('dept:')) return tp.ownerDepartmentId === owner.slice(5)
  return true
}

/**
 * The cards of every cell, in placement order. Placements of retired
 * touchpoints, of touchpoints not (yet) in the catalog, and of stages or
 * segments that no longer exist are left out; so are cards the filters hide.
 */
export function layoutCells(map: MapSnapshot, catalog: TouchpointLookup, filters: Filters = NO_FILTERS): Map<CellKey, CardView[]> {
  const stages = new Set(map.stages.map((s) => s.id))
  const segments = new Set(map.segments.map((s) => s.id))
  const out = new Map<CellKey, CardView[]>()
  const sorted = [...map.placements].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1))
  for (const p of sorted) {
    if (!stages.has(p.stageId) || !segments.has(p.segmentId)) continue
    const tp = catalog.get(p.touchpointId)
    if (!tp || tp.status === 'retired') continue
    if (filters.kind && tp.kind !== filters.kind) continue
    if (!ownerMatches(tp, filters.owner)) continue
    const k = cellKey(p.stageId, p.segmentId)
    const list = out.get(k)
    if (list) list.push({ placement: p, touchpoint: tp })
    else out.set(k, [{ placement: p, touchpoint: tp }])
  }
  return out
}

export function visibleSegments(segments: Segment[], filters: Filters): Segment[] {
  return filters.segmentId ? segments.filter((s) => s.id === filters.segmentId) : segments
}

/** Where a lifted card would land: a cell and a position in it (0 = first). */
export type DropTarget = { stageId: string; segmentId: string; index: number }

/**
 * One keyboard step of a lifted card. Left/right change the stage (keeping
 * the position when possible), up/down change the position in the cell and
 * go on into the previous/next segment past the ends. `cards` gives the
 * other cards of a cell (without the lifted card).
 */
export function stepTarget(
  target: DropTarget,
  key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown',
  stages: Pick<Stage, 'id'>[],
  segments: Pick<Segment, 'id'>[],
  cards: (stageId: string, segmentId: string) => number,
): DropTarget {
  const si = stages.findIndex((s) => s.id === target.stageId)
  const gi = segments.findIndex((s) => s.id === target.segmentId)
  if (si < 0 || gi < 0) return target
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const ni = si + (key === 'ArrowLeft' ? -1 : 1)
    const stage = stages[ni]
    if (!stage) return target
    return { stageId: stage.id, segmentId: target.segmentId, index: Math.min(target.index, cards(stage.id, target.segmentId)) }
  }
  if (key === 'ArrowUp') {
    if (target.index > 0) return { ...target, index: target.index - 1 }
    const seg = segments[gi - 1]
    if (!seg) return target
    return { stageId: target.stageId, segmentId: seg.id, index: cards(target.stageId, seg.id) }
  }
  const n = cards(target.stageId, target.segmentId)
  if (target.index < n) return { ...target, index: target.index + 1 }
  const seg = segments[gi + 1]
  if (!seg) return target
  return { stageId: target.stageId, segmentId: seg.id, index: 0 }
}

/** Catalog touchpoints matching what was typed: names starting with it first, then containing it; retired ones left out. */
export function matchTouchpoints(catalog: Iterable<Touchpoint>, query: string, limit = 8): Touchpoint[] {
  const q = query.trim().toLocaleLowerCase()
  const starts: Touchpoint[] = []
  const contains: Touchpoint[] = []
  for (const tp of catalog) {
    if (tp.status === 'retired') continue
    const name = tp.name.toLocaleLowerCase()
    if (!q || name.startsWith(q)) starts.push(tp)
    else if (name.includes(q)) contains.push(tp)
  }
  const byName = (a: Touchpoint, b: Touchpoint) => a.name.localeCompare(b.name)
  return [...starts.sort(byName), ...contains.sort(byName)].slice(0, limit)
}

/** Whether a catalog touchpoint has exactly this name (ignoring case and outer spaces). */
export function hasExactName(catalog: Iterable<Touchpoint>, query: string): boolean {
  const q = query.trim().toLocaleLowerCase()
  for (const tp of catalog) if (tp.status !== 'retired' && tp.name.trim().toLocaleLowerCase() === q) return true
  return false
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  if (!parts.length) return '?'
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase()
}

export type FieldName = keyof TouchpointFields

/** Validates one field of a touchpoint: the value to write (trimmed text), or the error message. */
export function validateField<K extends FieldName>(name: K, value: unknown): { ok: true; value: TouchpointFields[K] } | { ok: false; error: string } {
  const schema = touchpointFieldsSchema.shape[name]
  const r = schema.safeParse(value)
  if (r.success) return { ok: true, value: r.data as TouchpointFields[K] }
  return { ok: false, error: r.error.issues[0]?.message ?? 'Invalid value' }
}

export const TEXT_FIELD_NAMES = Object.keys(TEXT_FIELDS) as (keyof typeof TEXT_FIELDS)[]

/** Parses a whole-number field typed by a person (weight, priority). */
export function parseWhole(raw: string): number {
  const t = raw.trim()
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN
}

/** Whether a touchpoint has no owner at all: neither a person nor a department (every touchpoint needs one). */
export function isUnowned(tp: Pick<Touchpoint, 'ownerUserId' | 'ownerDepartmentId'>): boolean {
  return !tp.ownerUserId && !tp.ownerDepartmentId
}

/**
 * How many touchpoints on the map have no owner: each counted once however
 * many cells it stands in, and only those the map shows (active, in a stage
 * and a segment that exist), whatever the filters.
 */
export function countUnowned(map: Pick<MapSnapshot, 'stages' | 'segments' | 'placements'>, catalog: TouchpointLookup): number {
  const stages = new Set(map.stages.map((s) => s.id))
  const segments = new Set(map.segments.map((s) => s.id))
  const seen = new Set<string>()
  let n = 0
  for (const p of map.placements) {
    if (seen.has(p.touchpointId) || !stages.has(p.stageId) || !segments.has(p.segmentId)) continue
    seen.add(p.touchpointId)
    const tp = catalog.get(p.touchpointId)
    if (tp && tp.status !== 'retired' && isUnowned(tp)) n++
  }
  return n
}

/**
 * A touchpoint's badges as the map cards show them (GET /api/workspaces/{id}/evaluations):
 * its score, and its review state from the audits ("due" while a review is open,
 * "stale" with the last review's date when that is older than the review interval).
 */
export type CardScore = { mean: number | null; count: number; priority: number | null; appeal?: number | null; review?: 'due' | 'stale' | null; since?: string | null }

/**
 * The scores after a refetch, keeping the previous object of every touchpoint
 * whose score did not change (and the previous map when nothing changed), so
 * only the badges of changed scores re-render. Touchpoints missing from `next`
 * are no longer scored.
 */
export function mergeScores(prev: ReadonlyMap<string, CardScore>, next: Record<string, CardScore>): ReadonlyMap<string, CardScore> {
  const out = new Map<string, CardScore>()
  let changed = false
  for (const [id, s] of Object.entries(next)) {
    const old = prev.get(id)
    if (old && old.mean === s.mean && old.count === s.count && old.priority === s.priority && old.appeal === (s.appeal ?? null) && old.review === (s.review ?? null) && old.since === (s.since ?? null)) out.set(id, old)
    else {
      out.set(id, { mean: s.mean, count: s.count, priority: s.priority, appeal: s.appeal ?? null, review: s.review ?? null, since: s.since ?? null })
      changed = true
    }
  }
  if (!changed && out.size === prev.size) return prev
  return out
}

/**
 * Whether typing `prev` -> `next` begins a new word (a non-space typed right
 * after a space or at the start): undo then starts a new step, so one undo
 * takes back one word, not one letter and not a whole paragraph.
 */
export function beginsWord(prev: string, next: string): boolean {
  if (next.length <= prev.length) return false
  let i = 0
  while (i < prev.length && prev[i] === next[i]) i++
  const typed = next[i]
  return typed !== undefined && !/\s/.test(typed) && (i === 0 || /\s/.test(next[i - 1]!))
}
