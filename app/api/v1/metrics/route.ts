import { v1Member } from '@/lib/http/api-auth'
import { route } from '@/lib/http/route'
import { apiListMetrics, pageQuerySchema } from '@/lib/metrics/read'

/** GET /api/v1/metrics: the workspace's KPI definitions, keyset-paginated by id (`cursor`, `limit` ≤ 1,000). */
export const GET = route({ access: 'user', apiKey: true, query: pageQuerySchema }, async (args) => {
  const member = await v1Member(args, 'maps.read')
  return apiListMetrics(member, args.query)
})
