import { z } from 'zod'
import { evaluationsFor } from '@/lib/evaluation/evaluation'
import { route } from '@/lib/http/route'
import { reviewStates } from '@/lib/audits/queries'

/**
 * GET: the map cards' badges. Per touchpoint: `mean` (the weighted score, 1-5,
 * or null), `count` (people who scored), `priority` (0-100 or null), and the
 * audit review state: `review` 'due' (a review is open) or 'stale' (last
 * reviewed `since`, longer ago than the review interval). `appeal`: the mean
 * of the appeal criterion (the emotion lane shows it beside the curve). Touchpoints with
 * neither a score nor a review state are left out. ?ids=a,b,c limits it to those touchpoints.
 */
type Badges = { mean: number | null; count: number; priority: number | null; appeal?: number | null; review?: 'due' | 'stale'; since?: string | null }

export const GET = route(
  { permission: 'maps.read', query: z.object({ ids: z.string().max(20_000, 'Ask for fewer touchpoints at a time').optional() }) },
  async ({ member, query }) => {
    const ids = query.ids ? query.ids.split(',').filter(Boolean) : undefined
    const [all, reviews] = await Promise.all([evaluationsFor(member!.workspaceId, member!.userId, ids), reviewStates(member!, ids)])
    const touchpoints: Record<string, Badges> = {}
    for (const [id, e] of all) if (e.count > 0) touchpoints[id] = { mean: e.mean, count: e.count, priority: e.priority, appeal: e.appeal }
    for (const [id, r] of Object.entries(reviews)) {
      const review = r.reviewDue ? 'due' : r.staleSince ? 'stale' : null
      if (review) touchpoints[id] = { ...(touchpoints[id] ?? { mean: null, count: 0, priority: null }), review, since: r.staleSince }
    }
    return { touchpoints }
  },
)
