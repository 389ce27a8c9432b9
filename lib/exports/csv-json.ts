/** CSV and JSON renderings of a map export (lib/exports/map-export.ts). */
import { CSV_COLUMNS } from '@/lib/catalog/columns'
import { csvCell } from '@/lib/catalog/csv'
import { TEXT_FIELD_NAMES, type MapExport } from './map-export'

/**
 * The map CSV uses the catalog's columns (lib/catalog/columns.ts), so a map
 * export re-imports through the touchpoint import: one row per placed card,
 * with map, stage and segment naming its cell. Rows come in map order
 * (segments top to bottom, stages left to right, cards in their cell's
 * order), so importing them in order rebuilds each cell's order; the JSON
 * export carries the full structure (weights, profiles, positions).
 */
export const MAP_CSV_COLUMNS = CSV_COLUMNS

/** One CSV field, quoted and formula-guarded exactly as the catalog's import expects (lib/catalog/csv.ts). */
export const csvField = (value: unknown): string => csvCell(value === null || value === undefined ? '' : String(value))

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
      const rec: Record<string, unknown> = {
        ...Object.fromEntries(TEXT_FIELD_NAMES.map((k) => [k, t[k]])),
        id: t.id,
        name: t.name,
        kind: t.kind,
        ownership: t.ownership,
        control: t.control,
        onsitePage: t.onsitePage ? 'yes' : 'no',
        owner: t.ownerEmail ?? '',
        department: t.ownerDepartment ?? '',
        status: t.status,
        map: m.map.name,
        stage: st.name,
        segment: sg.name,
      }
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
    lanes: m.lanes,
  }
}
