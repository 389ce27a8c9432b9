import { z } from 'zod'
import { distributionFor } from '@/lib/analysis/load'
import { ANALYSIS_TABLES, analysisTable, tableToCsv } from '@/lib/analysis/tables'
import { route } from '@/lib/http/route'
import { uuidSchema } from '@/lib/schemas/common'

const querySchema = z.object({
  map: z.union([z.literal(''), uuidSchema('map')]).optional(),
  table: z.enum(ANALYSIS_TABLES, { error: `table is one of ${ANALYSIS_TABLES.join(', ')}` }).optional(),
})

/**
 * GET: the distribution analysis of one map (?map=<id>) or of the workspace.
 * With ?table=<name>, one of its tables as a CSV file (the charts' "Export CSV").
 */
export const GET = route({ permission: 'maps.read', query: querySchema }, async ({ member, query }) => {
  const mapId = query.map || null
  const d = await distributionFor(member!, { mapId })
  if (!query.table) return d
  const date = new Date().toISOString().slice(0, 10)
  const name = `${member!.workspaceSlug}-analysis-${query.table}-${date}.csv`.replace(/[^\w.-]/g, '_')
  return new Response(tableToCsv(analysisTable(d, query.table)), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  })
})
