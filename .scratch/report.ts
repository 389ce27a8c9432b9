import { writeFileSync } from 'node:fs'
import { analyseDistribution } from '../lib/analysis/distribution'
import { analysisReportPdf } from '../lib/analysis/report-pdf'
import { reportText } from '../lib/analysis/report-text'
import { createFormatter, createTranslator } from 'next-intl'
import { FORMATS } from '../lib/i18n/formats'
import m from '../messages/en/analysis.json'
const stages = ['Awareness', 'Knowledge', 'Consideration', 'Selection / trial', 'Satisfaction', 'Loyalty', 'Advocacy'].map((n, i) => ({ id: 's' + i, name: n, weight: (i * 2) % 6 }))
const segments = ['Young families', 'Business buyers', 'Loyal members'].map((n, i) => ({ id: 'g' + i, name: n }))
const tps = Array.from({ length: 40 }, (_, i) => ({ id: 't' + i, name: 'Touchpoint number ' + i, kind: (['communication', 'human', 'physical', 'sensory'] as const)[i % 4], ownership: 'owned' as const, control: 'direct' as const, status: 'active', ownerUserId: i % 3 ? 'u1' : null, ownerDepartmentId: null, generatesData: i % 2 === 0, passesDataOn: false, score: 1 + (i % 5), openInsights: i % 4 }))
const placements = tps.flatMap((t, i) => [{ mapId: 'm', stageId: 's' + (i % 7), segmentId: 'g' + (i % 3), touchpointId: t.id }, ...(i % 5 === 0 ? [{ mapId: 'm', stageId: 's' + ((i + 1) % 7), segmentId: 'g' + ((i + 2) % 3), touchpointId: t.id }, { mapId: 'm', stageId: 's' + ((i + 3) % 7), segmentId: 'g0', touchpointId: t.id }] : [])])
const d = analyseDistribution({ mapId: 'm', maps: [{ id: 'm', name: 'Customer lifecycle', stages, segments }], placements, touchpoints: tps, people: [{ id: 'u1', name: 'Dana Demo' }], departments: [], pressure: [{ touchpointId: 't1', weeks: [0, 0, 1, 2, 3, 1, 0, 2, 4, 5, 6, 3], negative: 10 }], weekStarts: [] })
const t = createTranslator({ locale: 'en', messages: { analysis: m }, namespace: 'analysis' })
const f = createFormatter({ locale: 'en', formats: FORMATS, timeZone: 'UTC' })
writeFileSync('/tmp/shots/report.pdf', analysisReportPdf(d, reportText(d, (k, v) => t(k as never, v as never), { pct: (n) => (n == null ? '–' : f.number(n, { style: 'percent', maximumFractionDigits: 0 })), score: (n) => f.number(n, 'score'), date: (x) => f.dateTime(x, 'date') }, 'Northwind Retail')))
