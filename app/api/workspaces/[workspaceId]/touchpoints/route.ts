import { route } from '@/lib/http/route'
import { catalogQuerySchema, matchingIds, queryCatalog } from '@/lib/catalog/query'
import { z } from 'zod'

/** GET: one page of the catalog (search, filters, sort, offset/limit) as JSON; with ?ids=1, the ids of every match. */
export const GET = route({ permission: 'maps.read', query: catalogQuerySchema.extend({ ids: z.enum(['1', '0']).optional() }) }, async ({ member, query }) => {
  if (query.ids === '1') return { ids: await matchingIds(member!, query) }
  return queryCatalog(member!, query)
})
