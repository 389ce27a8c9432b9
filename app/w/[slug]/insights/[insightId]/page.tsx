import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { CommentThread } from '@/components/comments/comment-thread'
import { InsightDetailView } from '@/components/insights/insight-detail'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { feedFacets } from '@/lib/insights/facets'
import { suggestionsFor } from '@/lib/insights/suggestions'
import { getInsight, markRead } from '@/lib/insights/triage'

export const metadata: Metadata = { title: 'Insight' }

export default async function InsightPage({ params }: { params: Promise<{ slug: string; insightId: string }> }) {
  const { slug, insightId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/insights/${insightId}`)
  const insight = await getInsight(member, insightId).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    throw err
  })
  await markRead(member, [insight.id])
  const canTriage = can(member, 'insights.triage')
  const [facets, suggestions] = await Promise.all([feedFacets(member), canTriage ? suggestionsFor(member, insight.id) : null])
  return (
    <InsightDetailView
      workspaceId={member.workspaceId}
      slug={member.workspaceSlug}
      insight={insight}
      members={facets.members}
      canTriage={canTriage}
      suggestions={suggestions}
      comments={<CommentThread workspaceId={member.workspaceId} subjectType="insight" subjectId={insight.id} canComment={can(member, 'comments.write')} />}
    />
  )
}
