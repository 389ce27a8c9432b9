import type { Metadata } from 'next'
import { FeedView } from '@/components/insights/feed-view'
import { FEED_FILTER_KEYS, type FeedFilterState } from '@/components/insights/filter-keys'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { feedFacets } from '@/lib/insights/facets'
import { feedQuerySchema, listFeed, type FeedPage } from '@/lib/insights/feed'

export const metadata: Metadata = { title: 'Insights' }

export default async function InsightsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/insights`)
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))
  // The URL's filters (a shared link, a reload), when valid; otherwise the whole feed.
  const parsed = feedQuerySchema.safeParse({ ...raw, cursor: undefined, limit: undefined })
  const initial: Partial<FeedFilterState> = {}
  if (parsed.success) for (const k of FEED_FILTER_KEYS) if (typeof raw[k] === 'string') initial[k] = raw[k]
  const scope = { workspaceId: member.workspaceId, userId: member.userId }
  const facets = await feedFacets(member)
  let initialPage: FeedPage | null = null
  let touchpoint: { id: string; name: string } | null = null
  if (parsed.success) {
    initialPage = await listFeed(scope, parsed.data.filters, { limit: parsed.data.page.limit })
    const tp = parsed.data.filters.touchpointId
    if (tp) touchpoint = initialPage.items.flatMap((i) => i.touchpoints).find((x) => x.id === tp) ?? { id: tp, name: tp }
  }
  return (
    <FeedView
      workspaceId={member.workspaceId}
      slug={member.workspaceSlug}
      facets={facets}
      canCreate={can(member, 'insights.create')}
      initial={{ ...initial, touchpoint }}
      initialPage={initialPage}
    />
  )
}
