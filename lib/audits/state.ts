/**
 * What an audit's scope looks like at one moment (the read model's rows, the
 * scores and priorities, the insight counts), and what changed between two
 * such moments. Pure: snapshot.ts reads the state from the database, a closed
 * campaign keeps it frozen (audit_snapshots), and "what changed" compares
 * the last closed audit with now, or two audits side by side.
 */
import { DETAIL_FIELDS } from '@/lib/maps/model'

export type StateTouchpoint = {
  id: string
  name: string
  kind: string
  ownership: string
  control: string
  channel: string
  status: string
  ownerUserId: string | null
  ownerDepartmentId: string | null
  description: string
  details: Record<string, string>
}
export type StateMap = { id: string; name: string; stages: { id: string; name: string; weight: number }[]; segments: { id: string; name: string }[] }
export type AuditState = {
  takenAt: string
  mapId: string | null
  maps: StateMap[]
  touchpoints: StateTouchpoint[]
  placements: { mapId: string; stageId: string; segmentId: string; touchpointId: string }[]
  /** Per touchpoint: weighted score and priority (null when not scored) and linked insights (not merged). */
  figures: Record<string, { score: number | null; priority: number | null; insights: number }>
  /** Names to show owners by. */
  people: Record<string, string>
  departments: Record<string, string>
}

const COMPARED = ['name', 'kind', 'ownership', 'control', 'channel', 'description'] as const

export type Change =
  | { kind: 'added'; touchpointId: string; name: string }
  | { kind: 'removed'; touchpointId: string; name: string }
  | { kind: 'retired'; touchpointId: string; name: string }
  | { kind: 'restored'; touchpointId: string; name: string }
  | { kind: 'moved'; touchpointId: string; name: string; from: string[]; to: string[] }
  | { kind: 'field'; touchpointId: string; name: string; field: string; from: string; to: string }
  | { kind: 'owner'; touchpointId: string; name: string; from: string | null; to: string | null }
  | { kind: 'score'; touchpointId: string; name: string; from: number | null; to: number | null }
  | { kind: 'priority'; touchpointId: string; name: string; from: number | null; to: number | null }
  | { kind: 'insights'; touchpointId: string; name: string; count: number }

export type ChangeKind = Change['kind']
export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'removed', 'retired', 'restored', 'moved', 'field', 'owner', 'score', 'priority', 'insights']

/** A score moves when it changes by at least this much (on 1-5); a priority by at least this many points (of 100). */
export const SCORE_STEP = 0.1
export const PRIORITY_STEP = 1

/** "Stage / Segment (Map)" for each cell a touchpoint stands in, sorted. */
function cellsOf(s: AuditState, touchpointId: string): string[] {
  const out: string[] = []
  for (const p of s.placements) {
    if (p.touchpointId !== touchpointId) continue
    const m = s.maps.find((x) => x.id === p.mapId)
    const stage = m?.stages.find((x) => x.id === p.stageId)?.name ?? '?'
    const segment = m?.segments.find((x) => x.id === p.segmentId)?.name ?? '?'
    out.push(s.mapId ? `${stage} / ${segment}` : `${stage} / ${segment} (${m?.name ?? '?'})`)
  }
  return out.sort()
}

const ownerLabel = (s: AuditState, t: StateTouchpoint): string | null => {
  const parts = [t.ownerUserId ? (s.people[t.ownerUserId] ?? '?') : null, t.ownerDepartmentId ? (s.departments[t.ownerDepartmentId] ?? '?') : null].filter(Boolean)
  return parts.length ? parts.join(', ') : null
}

const moved = (a: number | null | undefined, b: number | null | undefined, step: number) => (a == null) !== (b == null) || (a != null && b != null && Math.abs(a - b) >= step - 1e-9)

/** Everything that changed from `before` to `after`, touchpoint by touchpoint (by name), each change once. */
export function diffStates(before: AuditState, after: AuditState): Change[] {
  const a = new Map(before.touchpoints.map((t) => [t.id, t]))
  const b = new Map(after.touchpoints.map((t) => [t.id, t]))
  const out: Change[] = []
  const ids = [...new Set([...a.keys(), ...b.keys()])]
  const nameOf = (id: string) => b.get(id)?.name ?? a.get(id)?.name ?? id
  ids.sort((x, y) => nameOf(x).localeCompare(nameOf(y), 'en') || (x < y ? -1 : 1))
  for (const id of ids) {
    const x = a.get(id)
    const y = b.get(id)
    const name = nameOf(id)
    if (!x && y) {
      out.push({ kind: 'added', touchpointId: id, name })
      continue
    }
    if (x && !y) {
      out.push({ kind: 'removed', touchpointId: id, name })
      continue
    }
    if (!x || !y) continue
    if (x.status !== y.status) out.push({ kind: y.status === 'retired' ? 'retired' : 'restored', touchpointId: id, name })
    const from = cellsOf(before, id)
    const to = cellsOf(after, id)
    if (from.join('\n') !== to.join('\n')) out.push({ kind: 'moved', touchpointId: id, name, from, to })
    for (const f of COMPARED) if (x[f] !== y[f]) out.push({ kind: 'field', touchpointId: id, name, field: f, from: x[f], to: y[f] })
    for (const f of DETAIL_FIELDS) {
      const p = x.details[f] ?? ''
      const q = y.details[f] ?? ''
      if (p !== q) out.push({ kind: 'field', touchpointId: id, name, field: f, from: p, to: q })
    }
    const o1 = ownerLabel(before, x)
    const o2 = ownerLabel(after, y)
    if (x.ownerUserId !== y.ownerUserId || x.ownerDepartmentId !== y.ownerDepartmentId) out.push({ kind: 'owner', touchpointId: id, name, from: o1, to: o2 })
    const f1 = before.figures[id]
    const f2 = after.figures[id]
    if (moved(f1?.score, f2?.score, SCORE_STEP)) out.push({ kind: 'score', touchpointId: id, name, from: f1?.score ?? null, to: f2?.score ?? null })
    if (moved(f1?.priority, f2?.priority, PRIORITY_STEP)) out.push({ kind: 'priority', touchpointId: id, name, from: f1?.priority ?? null, to: f2?.priority ?? null })
    const more = (f2?.insights ?? 0) - (f1?.insights ?? 0)
    if (more > 0) out.push({ kind: 'insights', touchpointId: id, name, count: more })
  }
  return out
}

/** Counts per kind, for the summary line. */
export function countChanges(changes: readonly Change[]): Record<ChangeKind, number> {
  const out = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>
  for (const c of changes) out[c.kind]++
  return out
}
