/**
 * Distribution analysis (DOMAIN.md "Analysis"): how touchpoints spread over
 * the lifecycle against the stage weights, which are over- or under-used,
 * who owns them, where data is generated or lost, and where insights press.
 * Pure: the server computes it from the read model (load.ts) and the tests
 * check it against a fixture computed by hand. The page shows these rules in
 * words (messages/en/analysis.json "rules"), so keep the two in step.
 *
 * Rules:
 * - A stage's touchpoints: the distinct active touchpoints with a card on it.
 *   Its share = its touchpoints / the sum of every stage's touchpoints; its
 *   weight share = its importance weight / the sum of the map's weights.
 * - Gap: an empty cell (stage x segment) on a stage of weight >= GAP_WEIGHT.
 * - Over-used: a touchpoint standing in >= SPREAD_CELLS cells of the scope
 *   with a weighted score below LOW_SCORE; a stage of weight <= LOW_WEIGHT
 *   whose share is >= CROWDED_RATIO x its weight share (at least
 *   CROWDED_MIN touchpoints).
 * - Under-used: a stage of weight >= GAP_WEIGHT whose share is below
 *   THIN_RATIO x its weight share; a touchpoint scoring >= HIGH_SCORE that
 *   stands in one cell only.
 * - Data: "generates no data" when the touchpoint's "Data it generates" is
 *   empty; "not passed on" when it generates data but "Information collected
 *   and passed on" is empty.
 * - Insight pressure: insights linked to the touchpoint (merged ones left
 *   out) per week over PRESSURE_WEEKS weeks; the trend compares the last
 *   TREND_WEEKS weeks with the TREND_WEEKS before: up when the count grew by
 *   a quarter and by at least 2, down when it fell by a fifth and by at
 *   least 2, else flat.
 */
import type { Control, Ownership, TouchpointKind } from '@/lib/maps/model'
import { CONTROLS, OWNERSHIPS, TOUCHPOINT_KINDS } from '@/lib/maps/model'

export const GAP_WEIGHT = 4
export const LOW_WEIGHT = 2
export const SPREAD_CELLS = 3
export const LOW_SCORE = 3
export const HIGH_SCORE = 4
export const CROWDED_RATIO = 1.5
export const CROWDED_MIN = 3
export const THIN_RATIO = 0.5
export const PRESSURE_WEEKS = 12
export const TREND_WEEKS = 4
/** The insight-pressure list shows this many touchpoints, most pressed first. */
export const PRESSURE_TOP = 15

export type MapShape = {
  id: string
  name: string
  stages: { id: string; name: string; weight: number }[]
  segments: { id: string; name: string }[]
}
export type Placement = { mapId: string; stageId: string; segmentId: string; touchpointId: string }
export type TouchpointFacts = {
  id: string
  name: string
  kind: TouchpointKind
  ownership: Ownership
  control: Control
  status: string
  ownerUserId: string | null
  ownerDepartmentId: string | null
  generatesData: boolean
  passesDataOn: boolean
  /** Weighted score 1-5, or null when nobody scored it. */
  score: number | null
  openInsights: number
}
/** Weekly insight counts (oldest first, PRESSURE_WEEKS of them) and how many were negative. */
export type PressureFacts = { touchpointId: string; weeks: number[]; negative: number }

export type DistributionInput = {
  /** The map analysed, or null for the whole workspace. */
  mapId: string | null
  maps: MapShape[]
  placements: Placement[]
  touchpoints: TouchpointFacts[]
  people: { id: string; name: string }[]
  departments: { id: string; name: string }[]
  pressure: PressureFacts[]
  /** The Monday of each pressure week (YYYY-MM-DD), oldest first. */
  weekStarts: string[]
  /** Matched interactions per touchpoint over the last VOLUME_DAYS days (lib/interactions); absent: none. */
  volumes?: ReadonlyMap<string, number>
}

/** The heatmap can shade by the interactions of the last this many days. */
export const VOLUME_DAYS = 90

export type StageRow = {
  id: string
  name: string
  weight: number
  touchpoints: number
  /** 0-1; null when the map has no touchpoints. */
  share: number | null
  /** 0-1; null when every weight is 0. */
  weightShare: number | null
  /** `volume`: the matched interactions of the cell's touchpoints over the last VOLUME_DAYS days. */
  cells: { segmentId: string; count: number; gap: boolean; volume: number }[]
}
export type Heatmap = { mapId: string; mapName: string; segments: { id: string; name: string }[]; stages: StageRow[]; max: number; gaps: number; maxVolume: number }

export type Finding =
  | { kind: 'spreadLowScore'; touchpointId: string; name: string; cells: number; stages: number; score: number }
  | { kind: 'crowdedLowStage'; mapId: string; stageId: string; name: string; weight: number; touchpoints: number; share: number; weightShare: number }
  | { kind: 'thinImportantStage'; mapId: string; stageId: string; name: string; weight: number; touchpoints: number; share: number; weightShare: number }
  | { kind: 'strongPlacedOnce'; touchpointId: string; name: string; score: number }

export type Load = { id: string; name: string; touchpoints: number; openInsights: number; averageScore: number | null }
export type Mix = { id: string; name: string; total: number; kind: Record<TouchpointKind, number>; ownership: Record<Ownership, number>; control: Record<Control, number> }
export type Trend = 'up' | 'down' | 'flat'
export type PressureRow = { touchpointId: string; name: string; weeks: number[]; total: number; negativeShare: number | null; trend: Trend }
export type MapSummary = { id: string; name: string; touchpoints: number; cards: number; gaps: number }
export type Named = { id: string; name: string }

export type Distribution = {
  mapId: string | null
  /** One per map in the workspace scope; the analysed map alone otherwise. */
  maps: MapSummary[]
  heatmap: Heatmap | null
  overUsed: Finding[]
  underUsed: Finding[]
  coverage: {
    touchpoints: number
    unowned: Named[]
    people: Load[]
    departments: Load[]
    noData: Named[]
    notPassedOn: Named[]
  }
  /** Per stage of the map, or per map in the workspace scope. */
  mix: Mix[]
  pressure: { weekStarts: string[]; rows: PressureRow[] }
}

const byName = <T extends { name: string; id: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/** The heatmap's shade of a cell, 0 (empty) to `levels` - 1 (the fullest cell): the page and the PDF report draw with it. */
export const shadeOf = (count: number, max: number, levels = 5) => (count <= 0 || max <= 0 ? 0 : Math.min(levels - 1, Math.ceil((count / max) * (levels - 1))))

export function trendOf(weeks: readonly number[]): Trend {
  const last = sum(weeks.slice(-TREND_WEEKS))
  const before = sum(weeks.slice(-2 * TREND_WEEKS, -TREND_WEEKS))
  if (last - before >= 2 && last >= before * 1.25) return 'up'
  if (before - last >= 2 && last <= before * 0.8) return 'down'
  return 'flat'
}

/** The stages of one map with their touchpoints, shares and cells. */
export function heatmapOf(map: MapShape, placements: readonly Placement[], active: ReadonlySet<string>, volumes: ReadonlyMap<string, number> = new Map()): Heatmap {
  const cell = new Map<string, Set<string>>()
  const stage = new Map<string, Set<string>>()
  for (const p of placements) {
    if (p.mapId !== map.id || !active.has(p.touchpointId)) continue
    const c = `${p.stageId}|${p.segmentId}`
    if (!cell.has(c)) cell.set(c, new Set())
    cell.get(c)!.add(p.touchpointId)
    if (!stage.has(p.stageId)) stage.set(p.stageId, new Set())
    stage.get(p.stageId)!.add(p.touchpointId)
  }
  const totalTouchpoints = sum(map.stages.map((s) => stage.get(s.id)?.size ?? 0))
  const totalWeight = sum(map.stages.map((s) => s.weight))
  let max = 0
  let maxVolume = 0
  let gaps = 0
  const stages = map.stages.map((s): StageRow => {
    const cells = map.segments.map((g) => {
      const here = cell.get(`${s.id}|${g.id}`)
      const count = here?.size ?? 0
      const volume = here ? sum([...here].map((id) => volumes.get(id) ?? 0)) : 0
      max = Math.max(max, count)
      maxVolume = Math.max(maxVolume, volume)
      const gap = count === 0 && s.weight >= GAP_WEIGHT
      if (gap) gaps++
      return { segmentId: g.id, count, gap, volume }
    })
    const touchpoints = stage.get(s.id)?.size ?? 0
    return {
      id: s.id,
      name: s.name,
      weight: s.weight,
      touchpoints,
      share: totalTouchpoints > 0 ? touchpoints / totalTouchpoints : null,
      weightShare: totalWeight > 0 ? s.weight / totalWeight : null,
      cells,
    }
  })
  return { mapId: map.id, mapName: map.name, segments: map.segments, stages, max, gaps, maxVolume }
}

function stageFindings(h: Heatmap): { over: Finding[]; under: Finding[] } {
  const over: Finding[] = []
  const under: Finding[] = []
  for (const s of h.stages) {
    if (s.share == null || s.weightShare == null) continue
    const base = { mapId: h.mapId, stageId: s.id, name: s.name, weight: s.weight, touchpoints: s.touchpoints, share: s.share, weightShare: s.weightShare }
    if (s.weight <= LOW_WEIGHT && s.touchpoints >= CROWDED_MIN && s.share >= CROWDED_RATIO * s.weightShare) over.push({ kind: 'crowdedLowStage', ...base })
    if (s.weight >= GAP_WEIGHT && s.share < THIN_RATIO * s.weightShare) under.push({ kind: 'thinImportantStage', ...base })
  }
  return { over, under }
}

function loadsOf(groups: Map<string, TouchpointFacts[]>, names: ReadonlyMap<string, string>): Load[] {
  return [...groups.entries()]
    .map(([id, tps]) => {
      const scored = tps.filter((t) => t.score != null)
      return {
        id,
        name: names.get(id) ?? '',
        touchpoints: tps.length,
        openInsights: sum(tps.map((t) => t.openInsights)),
        averageScore: scored.length ? sum(scored.map((t) => t.score!)) / scored.length : null,
      }
    })
    .sort((a, b) => b.touchpoints - a.touchpoints || byName(a, b))
}

function mixOf(id: string, name: string, tps: Iterable<TouchpointFacts>): Mix {
  const m: Mix = { id, name, total: 0, kind: zeros(TOUCHPOINT_KINDS), ownership: zeros(OWNERSHIPS), control: zeros(CONTROLS) }
  for (const t of tps) {
    m.total++
    m.kind[t.kind]++
    m.ownership[t.ownership]++
    m.control[t.control]++
  }
  return m
}

/** The whole analysis of the scope (one map, or the workspace). Retired touchpoints are left out everywhere. */
export function analyseDistribution(input: DistributionInput): Distribution {
  const facts = new Map(input.touchpoints.filter((t) => t.status === 'active').map((t) => [t.id, t]))
  const active = new Set(facts.keys())
  const maps = input.mapId ? input.maps.filter((m) => m.id === input.mapId) : input.maps
  const mapIds = new Set(maps.map((m) => m.id))
  const inScope = input.placements.filter((p) => mapIds.has(p.mapId) && active.has(p.touchpointId))
  // The scope's touchpoints: those on the map, or every active one of the workspace.
  const scopeIds = input.mapId ? new Set(inScope.map((p) => p.touchpointId)) : active
  const scoped = [...scopeIds].map((id) => facts.get(id)!).sort(byName)

  const heatmaps = maps.map((m) => heatmapOf(m, inScope, active, input.volumes))
  const summaries = heatmaps.map((h): MapSummary => {
    const ids = new Set(inScope.filter((p) => p.mapId === h.mapId).map((p) => p.touchpointId))
    return { id: h.mapId, name: h.mapName, touchpoints: ids.size, cards: inScope.filter((p) => p.mapId === h.mapId).length, gaps: h.gaps }
  })

  // Cells and stages each touchpoint stands in, within the scope.
  const cells = new Map<string, Set<string>>()
  const stages = new Map<string, Set<string>>()
  for (const p of inScope) {
    if (!cells.has(p.touchpointId)) cells.set(p.touchpointId, new Set())
    cells.get(p.touchpointId)!.add(`${p.mapId}|${p.stageId}|${p.segmentId}`)
    if (!stages.has(p.touchpointId)) stages.set(p.touchpointId, new Set())
    stages.get(p.touchpointId)!.add(`${p.mapId}|${p.stageId}`)
  }
  const overUsed: Finding[] = []
  const underUsed: Finding[] = []
  for (const h of heatmaps) {
    const f = stageFindings(h)
    overUsed.push(...f.over)
    underUsed.push(...f.under)
  }
  for (const t of scoped) {
    const n = cells.get(t.id)?.size ?? 0
    if (t.score == null) continue
    if (n >= SPREAD_CELLS && t.score < LOW_SCORE) overUsed.push({ kind: 'spreadLowScore', touchpointId: t.id, name: t.name, cells: n, stages: stages.get(t.id)!.size, score: t.score })
    if (n === 1 && t.score >= HIGH_SCORE) underUsed.push({ kind: 'strongPlacedOnce', touchpointId: t.id, name: t.name, score: t.score })
  }

  const personNames = new Map(input.people.map((p) => [p.id, p.name]))
  const deptNames = new Map(input.departments.map((d) => [d.id, d.name]))
  const byPerson = new Map<string, TouchpointFacts[]>()
  const byDept = new Map<string, TouchpointFacts[]>()
  for (const t of scoped) {
    if (t.ownerUserId) byPerson.set(t.ownerUserId, byPerson.get(t.ownerUserId) ?? []).get(t.ownerUserId)!.push(t)
    if (t.ownerDepartmentId) byDept.set(t.ownerDepartmentId, byDept.get(t.ownerDepartmentId) ?? []).get(t.ownerDepartmentId)!.push(t)
  }
  const named = (t: TouchpointFacts): Named => ({ id: t.id, name: t.name })

  const mix = input.mapId
    ? maps[0]
      ? maps[0].stages.map((s) => mixOf(s.id, s.name, new Set(inScope.filter((p) => p.stageId === s.id).map((p) => facts.get(p.touchpointId)!))))
      : []
    : maps.map((m) => mixOf(m.id, m.name, new Set(inScope.filter((p) => p.mapId === m.id).map((p) => facts.get(p.touchpointId)!))))

  const pressure = input.pressure
    .filter((p) => scopeIds.has(p.touchpointId))
    .map((p): PressureRow => {
      const total = sum(p.weeks)
      return { touchpointId: p.touchpointId, name: facts.get(p.touchpointId)!.name, weeks: p.weeks, total, negativeShare: total > 0 ? p.negative / total : null, trend: trendOf(p.weeks) }
    })
    .filter((p) => p.total > 0)
    .sort((a, b) => b.total - a.total || byName({ id: a.touchpointId, name: a.name }, { id: b.touchpointId, name: b.name }))
    .slice(0, PRESSURE_TOP)

  return {
    mapId: input.mapId,
    maps: summaries,
    heatmap: input.mapId ? (heatmaps[0] ?? null) : null,
    overUsed,
    underUsed,
    coverage: {
      touchpoints: scoped.length,
      unowned: scoped.filter((t) => !t.ownerUserId && !t.ownerDepartmentId).map(named),
      people: loadsOf(byPerson, personNames),
      departments: loadsOf(byDept, deptNames),
      noData: scoped.filter((t) => !t.generatesData).map(named),
      notPassedOn: scoped.filter((t) => t.generatesData && !t.passesDataOn).map(named),
    },
    mix,
    pressure: { weekStarts: input.weekStarts, rows: pressure },
  }
}
