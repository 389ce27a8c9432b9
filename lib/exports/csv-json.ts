/** CSV and JSON renderings of a map export (lib/exports/map-export.ts). */
import { TEXT_FIELD_NAMES, type MapExport } from './map-export'

/**
 * The CSV columns, one row per placement. stage / segment name the cell (the
 * columns a touchpoint import reads to place a row on a map); their positions
 * keep the map's column and row order; position is the card's place in its cell.
 */
export const MAP_CSV_COLUMNS = [
  'stage',
  'stagePosition',
  'stageWeight',
  'segment',
  'segmentPosition',
  'segmentGoal',
  'segmentPriority',
  'position',
  'touchpointId',
  'name',
  'kind',
  'ownership',
  'control',
  'onsitePage',
  'status',
  'ownerDepartment',
  'owner',
  ...TEXT_FIELD_NAMES,
] as const

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
 * A value a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets
 * a leading apostrophe, so opening an export never executes cell content.
 */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function mapToCsv(m: MapExport): string {
  const stages = new Map(m.stages.map((s) => [s.id, s]))
  const segments = new Map(m.segments.map((s) => [s.id, s]))
  const rows = m.placements
    .filter((p) => stages.has(p.stageId) && segments.has(p.segmentId))
    .sort((a, b) => {
      const sa = segments.get(a.segmentId)!.position - segments.get(b.segmentId)!.position
      const st = stages.get(a.stageId)!.position - stages.get(b.stageId)!.position
      return sa || st || a.position - b.position
    })
    .map((p) => {
      const st = stages.get(p.stageId)!
      const sg = segments.get(p.segmentId)!
      const t = p.touchpoint
      const rec: Record<(typeof MAP_CSV_COLUMNS)[number], unknown> = {
        stage: st.name,
        stagePosition: st.position + 1,
        stageWeight: st.weight,
        segment: sg.name,
        segmentPosition: sg.position + 1,
        segmentGoal: sg.goal,
        segmentPriority: sg.priority,
        position: p.position + 1,
        touchpointId: t.id,
        name: t.name,
        kind: t.kind,
        ownership: t.ownership,
        control: t.control,
        onsitePage: t.onsitePage ? 'yes' : 'no',
        status: t.status,
        ownerDepartment: t.ownerDepartment ?? '',
        owner: t.ownerName ?? '',
        ...Object.fromEntries(TEXT_FIELD_NAMES.map((k) => [k, t[k]])),
      } as Record<(typeof MAP_CSV_COLUMNS)[number], unknown>
      return MAP_CSV_COLUMNS.map((c) => csvField(rec[c])).join(',')
    })
  // A byte-order mark so spreadsheet programs read UTF-8; CRLF line ends (RFC 4180).
  return `\uFEFF${[MAP_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`
}

/** Everything needed to rebuild the map: stages with weights, segments with profile/goal/priority, placements with touchpoint details. */
export function mapToJson(m: MapExport) {
  return {
    format: 'touchmap.map',
    version: 1,
    exportedAt: m.exportedAt.toISOString(),
    workspace: m.workspace,
    map: m.map,
    stages: m.stages.map(({ id, name, description, weight, position }) => ({ id, name, description, weight, position })),
    segments: m.segments.map(({ id, name, profile, goal, priority, position }) => ({ id, name, profile, goal, priority, position })),
    placements: m.placements.map((p) => ({ id: p.id, stageId: p.stageId, segmentId: p.segmentId, position: p.position, touchpoint: p.touchpoint })),
  }
}
