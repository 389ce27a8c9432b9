import { z } from 'zod'
import { evaluationsFor } from '@/lib/evaluation/evaluation'
import { route } from '@/lib/http/route'

/**
 * GET: the map cards' badges. Per touchpoint: `mean` (the weighted score, 1-5,
 * or null), `count` (people who scored) and `priority` (0-100 or null).
 * ?ids=a,b,c limits it to those touchpoints.
 */
export const GET = route(
  { permission: 'maps.read', query: z.object({ ids: z.string().max(20_000, 'Ask for fewer touchpoints at a time').optional() }) },
  async ({ member, query }) => {
    const ids = query.ids ? query.ids.split(',').filter(Boolean) : undefined
    const all = await evaluationsFor(member!.workspaceId, member!.userId, ids)
    const touchpoints: Record<string, { mean: number | null; count: number; priority: number | null }> = {}
    for (const [id, e] of all) if (e.count > 0) touchpoints[id] = { mean: e.mean, count: e.count, priority: e.priority }
    return { touchpoints }
  },
)
