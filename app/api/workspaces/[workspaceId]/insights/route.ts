import { route } from '@/lib/http/route'
import { parseInput } from '@/lib/http/validation'
import { feedQuerySchema, listFeed, searchParamsObject } from '@/lib/insights/feed'

/** GET: one page of the insight feed (filters, search, ?cursor= for the next page) as JSON, for the feed page. */
export const GET = route({ permission: 'maps.read' }, async ({ req, member }) => {
  const { filters, page } = parseInput(feedQuerySchema, searchParamsObject(req.nextUrl.searchParams))
  return listFeed({ workspaceId: member!.workspaceId, userId: member!.userId }, filters, page)
})
