/**
 * The analysis report's words (lib/analysis/report-pdf.ts), from the page's
 * own messages (messages/en/analysis.json), so the report and the page say
 * the same things.
 */
import { CONTROLS, OWNERSHIPS, TOUCHPOINT_KINDS } from '@/lib/maps/model'
import { GAP_WEIGHT, type Distribution, type Finding, type Load } from './distribution'
import type { ReportText } from './report-pdf'

type T = (key: string, values?: Record<string, string | number>) => string
type F = { pct: (n: number | null) => string; score: (n: number) => string; date: (d: Date) => string }

export function reportText(d: Distribution, t: T, f: F, workspaceName: string, now = new Date()): ReportText {
  const h = d.heatmap!
  const finding = (x: Finding): string => {
    const why =
      x.kind === 'spreadLowScore'
        ? t('findings.spreadLowScore', { cells: x.cells, stages: x.stages, score: f.score(x.score) })
        : x.kind === 'strongPlacedOnce'
          ? t('findings.strongPlacedOnce', { score: f.score(x.score) })
          : t(`findings.${x.kind}`, { weight: x.weight, share: f.pct(x.share), count: x.touchpoints, weightShare: f.pct(x.weightShare) })
    return `${x.name}: ${why}`
  }
  const loads = (list: Load[]) => list.map((l) => [l.name, String(l.touchpoints), String(l.openInsights), l.averageScore == null ? t('coverage.noScore') : f.score(l.averageScore)])
  return {
    title: `${t('title')}: ${h.mapName}`,
    subtitle: `${workspaceName} · ${f.date(now)}`,
    sections: {
      heatmap: t('heatmap.title'),
      balance: t('balance.title'),
      over: t('findings.overTitle'),
      under: t('findings.underTitle'),
      coverage: t('coverage.title'),
      mix: t('mix.title'),
      pressure: t('pressure.title'),
    },
    heatmapLead: t('heatmap.lead', { map: h.mapName, gapWeight: GAP_WEIGHT }),
    segment: t('heatmap.segment'),
    gap: t('heatmap.gap'),
    stageColumns: [t('balance.stage'), t('balance.weight'), t('balance.touchpoints'), t('balance.share'), t('balance.weightShare'), t('balance.gaps')],
    stageRows: h.stages.map((s) => [s.name, String(s.weight), String(s.touchpoints), f.pct(s.share), f.pct(s.weightShare), String(s.cells.filter((c) => c.gap).length)]),
    over: d.overUsed.map(finding),
    under: d.underUsed.map(finding),
    unowned: t('coverage.unowned'),
    noData: t('coverage.noData'),
    notPassedOn: t('coverage.notPassedOn'),
    owners: t('coverage.people'),
    departments: t('coverage.departments'),
    loadColumns: [t('coverage.name'), t('coverage.touchpoints'), t('coverage.openInsights'), t('coverage.averageScore')],
    ownerRows: loads(d.coverage.people),
    departmentRows: loads(d.coverage.departments),
    none: t('findings.none'),
    mixColumns: [t('mix.group'), t('mix.total'), ...TOUCHPOINT_KINDS.map((k) => t(`mix.kind.${k}`)), ...OWNERSHIPS.map((k) => t(`mix.ownership.${k}`)), ...CONTROLS.map((k) => t(`mix.control.${k}`))],
    mixRows: d.mix.map((m) => [m.name, String(m.total), ...TOUCHPOINT_KINDS.map((k) => String(m.kind[k])), ...OWNERSHIPS.map((k) => String(m.ownership[k])), ...CONTROLS.map((k) => String(m.control[k]))]),
    pressureColumns: [t('pressure.touchpoint'), t('pressure.total'), t('pressure.negative'), t('pressure.trend')],
    pressureRows: d.pressure.rows.map((r) => [r.name, String(r.total), f.pct(r.negativeShare), t(`pressure.${r.trend}`)]),
  }
}
