import { z } from 'zod'
import { route } from '@/lib/http/route'
import { touchpointKpis, TREND_RANGES, type TrendRange } from '@/lib/metrics/read'

/** GET: a touchpoint's KPIs, each with its latest value and status and its trend over `range` (3m, 12m, 2y) for `segment` ('' = all customers). */
export const GET = route(
  {
    permission: 'maps.read',
    query: z.object({
      range: z.enum(Object.keys(TREND_RANGES) as [TrendRange, ...TrendRange[]], { error: 'range is 3m, 12m or 2y' }).default('12m'),
      segment: z.string().max(80, 'A segment has at most 80 characters').default(''),
    }),
  },
  async ({ member, params, query }) => ({ kpis: await touchpointKpis(member!, params.touchpointId ?? '', query) }),
)
