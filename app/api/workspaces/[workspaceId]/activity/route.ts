import { z } from 'zod'
import { listActivity } from '@/lib/activity/list-activity'
import { route } from '@/lib/http/route'

const query = z.object({
  before: z.coerce.number({ error: 'before must be an activity id' }).int().positive().optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, 'limit is at least 1').max(200, 'limit is at most 200').optional(),
})

/** The workspace's activity log, newest first (admins and owners). */
export const GET = route({ permission: 'activity.read', query }, async ({ member, query }) => ({ entries: await listActivity(member!, query) }))
