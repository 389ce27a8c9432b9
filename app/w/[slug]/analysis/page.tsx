import type { Metadata } from 'next'
import { AnalysisView } from '@/components/evaluation/analysis-view'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { analysisData } from '@/lib/evaluation/evaluation'

export const metadata: Metadata = { title: 'Analysis' }

/** Evaluating and prioritising: the "improve next" ranking, the prioritisation matrix and the workspace's weights. */
export default async function AnalysisPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/analysis`)
  const data = await analysisData(member)
  return (
    <AnalysisView
      workspaceId={member.workspaceId}
      slug={member.workspaceSlug}
      initial={data}
      canScore={can(member, 'touchpoints.score')}
      canConfigure={can(member, 'scoring.configure')}
    />
  )
}
