import { createFormatter, createTranslator } from 'next-intl'
import { z } from 'zod'
import { distributionFor } from '@/lib/analysis/load'
import { analysisReportPdf } from '@/lib/analysis/report-pdf'
import { reportText } from '@/lib/analysis/report-text'
import { route } from '@/lib/http/route'
import { uuidSchema } from '@/lib/schemas/common'
import { FORMATS } from '@/lib/i18n/formats'
import analysisMessages from '@/messages/en/analysis.json'

/** GET ?map=<id>: the printable analysis report of one map (PDF). */
export const GET = route({ permission: 'maps.read', query: z.object({ map: uuidSchema('map') }) }, async ({ member, query }) => {
  const d = await distributionFor(member!, { mapId: query.map })
  // The page's own messages, outside a page render (a route has no request locale yet: English).
  const t = createTranslator({ locale: 'en', messages: { analysis: analysisMessages }, namespace: 'analysis' })
  const format = createFormatter({ locale: 'en', formats: FORMATS, timeZone: 'UTC' })
  const text = reportText(
    d,
    (key, values) => t(key as never, values as never),
    {
      pct: (n) => (n == null ? '–' : format.number(n, { style: 'percent', maximumFractionDigits: 0 })),
      score: (n) => format.number(n, 'score'),
      date: (date) => format.dateTime(date, 'date'),
    },
    member!.workspaceName,
  )
  const pdf = analysisReportPdf(d, text)
  const name = `${member!.workspaceSlug}-analysis-${d.heatmap!.mapName}`.replace(/[^\w.-]+/g, '_').slice(0, 80)
  return new Response(Buffer.from(pdf), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"`, 'cache-control': 'no-store' },
  })
})
