import { exportCatalogCsv } from '@/lib/catalog/export'
import { catalogQuerySchema } from '@/lib/catalog/query'
import { route } from '@/lib/http/route'

/** GET: the catalog as CSV, in the columns the import reads (filters as in the list narrow it). */
export const GET = route({ permission: 'maps.read', query: catalogQuerySchema }, async ({ member, query, req }) => {
  const filtered = [...req.nextUrl.searchParams.keys()].some((k) => !['sort', 'dir', 'offset', 'limit'].includes(k))
  const csv = await exportCatalogCsv(member!, filtered ? query : undefined)
  const date = new Date().toISOString().slice(0, 10)
  const name = `${member!.workspaceSlug}-touchpoints-${date}.csv`
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  })
})
