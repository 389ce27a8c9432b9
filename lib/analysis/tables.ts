/**
 * The distribution analysis as plain tables: what each chart's CSV export
 * holds (columns are stable machine names, like the catalog export's). The
 * page's own tables show the same figures with translated headings.
 */
import { csvLine } from '@/lib/catalog/csv'
import { CONTROLS, OWNERSHIPS, TOUCHPOINT_KINDS } from '@/lib/maps/model'
import type { Distribution, Finding, Load } from './distribution'

export const ANALYSIS_TABLES = ['heatmap', 'stages', 'maps', 'overUsed', 'underUsed', 'unowned', 'people', 'departments', 'data', 'mix', 'pressure'] as const
export type AnalysisTable = (typeof ANALYSIS_TABLES)[number]

type Cell = string | number | null
export type Table = { columns: string[]; rows: Cell[][] }

const share = (n: number | null) => (n == null ? null : Math.round(n * 1000) / 10)
const score = (n: number | null) => (n == null ? null : Math.round(n * 100) / 100)

function findings(list: Finding[]): Table {
  return {
    columns: ['finding', 'touchpoint_id', 'map_id', 'stage_id', 'name', 'cells', 'score', 'weight', 'touchpoints', 'share_pct', 'weight_share_pct'],
    rows: list.map((f) =>
      f.kind === 'spreadLowScore'
        ? [f.kind, f.touchpointId, null, null, f.name, f.cells, score(f.score), null, null, null, null]
        : f.kind === 'strongPlacedOnce'
          ? [f.kind, f.touchpointId, null, null, f.name, 1, score(f.score), null, null, null, null]
          : [f.kind, null, f.mapId, f.stageId, f.name, null, null, f.weight, f.touchpoints, share(f.share), share(f.weightShare)],
    ),
  }
}

const loads = (list: Load[]): Table => ({
  columns: ['id', 'name', 'touchpoints', 'open_insights', 'average_score'],
  rows: list.map((l) => [l.id, l.name, l.touchpoints, l.openInsights, score(l.averageScore)]),
})

export function analysisTable(d: Distribution, table: AnalysisTable): Table {
  switch (table) {
    case 'heatmap': {
      const h = d.heatmap
      if (!h) return { columns: ['stage'], rows: [] }
      return {
        columns: ['stage', 'weight', ...h.segments.map((s) => s.name)],
        rows: h.stages.map((s) => [s.name, s.weight, ...s.cells.map((c) => c.count)]),
      }
    }
    case 'stages':
      return {
        columns: ['stage_id', 'stage', 'weight', 'touchpoints', 'share_pct', 'weight_share_pct', 'gaps'],
        rows: (d.heatmap?.stages ?? []).map((s) => [s.id, s.name, s.weight, s.touchpoints, share(s.share), share(s.weightShare), s.cells.filter((c) => c.gap).length]),
      }
    case 'maps':
      return { columns: ['map_id', 'map', 'touchpoints', 'cards', 'gaps'], rows: d.maps.map((m) => [m.id, m.name, m.touchpoints, m.cards, m.gaps]) }
    case 'overUsed':
      return findings(d.overUsed)
    case 'underUsed':
      return findings(d.underUsed)
    case 'unowned':
      return { columns: ['touchpoint_id', 'name'], rows: d.coverage.unowned.map((t) => [t.id, t.name]) }
    case 'people':
      return loads(d.coverage.people)
    case 'departments':
      return loads(d.coverage.departments)
    case 'data':
      return {
        columns: ['touchpoint_id', 'name', 'problem'],
        rows: [...d.coverage.noData.map((t) => [t.id, t.name, 'generates_no_data']), ...d.coverage.notPassedOn.map((t) => [t.id, t.name, 'data_not_passed_on'])],
      }
    case 'mix':
      return {
        columns: ['id', 'name', 'touchpoints', ...TOUCHPOINT_KINDS, ...OWNERSHIPS, ...CONTROLS],
        rows: d.mix.map((m) => [m.id, m.name, m.total, ...TOUCHPOINT_KINDS.map((k) => m.kind[k]), ...OWNERSHIPS.map((k) => m.ownership[k]), ...CONTROLS.map((k) => m.control[k])]),
      }
    case 'pressure':
      return {
        columns: ['touchpoint_id', 'name', ...d.pressure.weekStarts.map((w) => `week_${w}`), 'total', 'negative_pct', 'trend'],
        rows: d.pressure.rows.map((r) => [r.touchpointId, r.name, ...r.weeks, r.total, share(r.negativeShare), r.trend]),
      }
  }
}

export function tableToCsv(t: Table): string {
  return csvLine(t.columns) + t.rows.map((r) => csvLine(r.map((c) => (c == null ? '' : String(c))))).join('')
}
