import { z } from 'zod'
import { healthTrendByStage } from '@/lib/evaluation/health-history'
import { route } from '@/lib/http/route'

/** GET ?map=<id>: the mean health of each stage's touchpoints, week by week (lib/evaluation/health-history.ts). */
export const GET = route({ permission: 'maps.read', query: z.object({ map: z.string().uuid('map is a map id') }) }, async ({ member, query }) => healthTrendByStage(member!, query.map))
