import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { AuditsOverview } from '@/components/audits/audits-overview'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { PageHeader } from '@/components/ui/page-header'
import { auditsOverview } from '@/lib/audits/queries'
import { requireMemberPage } from '@/lib/auth/page-guards'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audits'))('title') }
}

/** Audits: open campaigns and their progress, schedules, closed audits (lib/audits/). */
export default async function AuditsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/audits`)
  const [data, t] = await Promise.all([auditsOverview(member), getTranslations('audits')])
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['audits']} />
      <PageHeader title={t('title')} description={t('lead')} />
      <AuditsOverview data={data} workspaceId={member.workspaceId} slug={member.workspaceSlug} />
    </>
  )
}
