import { v1Member } from '@/lib/http/api-auth'
import { route } from '@/lib/http/route'
import { apiListTouchpoints, touchpointsQuerySchema } from '@/lib/metrics/read'

/** GET /api/v1/touchpoints: the catalog, keyset-paginated by id (`cursor`, `limit` ≤ 1,000, `status`). */
export const GET = route({ access: 'user', apiKey: true, query: touchpointsQuerySchema }, async (args) => {
  const member = await v1Member(args, 'maps.read')
  return apiListTouchpoints(member, args.query)
})
