import { z } from 'zod'
import { route } from '@/lib/http/route'
import { listNotifications, markAllRead, markRead, NOTIFICATION_PAGE_MAX } from '@/lib/notifications/notifications'
import { uuidSchema } from '@/lib/schemas/common'

const query = z.object({
  cursor: z.string().max(200, 'This page link is not valid').optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int()
    .min(1, 'limit is at least 1')
    .max(NOTIFICATION_PAGE_MAX, `limit is at most ${NOTIFICATION_PAGE_MAX}`)
    .optional(),
  unread: z.enum(['1', 'true', '0', 'false']).optional(),
})

const body = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(uuidSchema('notification')).min(1, 'Choose at least one notification').max(200, 'At most 200 at a time') }),
])

/** The signed-in member's notifications here, newest first, with the unread count. Only ever their own. */
export const GET = route({ query }, async ({ member, query }) =>
  listNotifications(member!, { cursor: query.cursor, limit: query.limit, unreadOnly: query.unread === '1' || query.unread === 'true' }),
)

/** Marks notifications read: `{ ids: [...] }` (404 if any is not yours) or `{ all: true }`. */
export const POST = route({ body }, async ({ member, body }) => ('all' in body ? markAllRead(member!) : markRead(member!, body.ids)))
