import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { CampaignView } from '@/components/audits/campaign-view'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { PageHeader } from '@/components/ui/page-header'
import { campaignDetail, whatChanged } from '@/lib/audits/queries'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { uuidSchema } from '@/lib/schemas/common'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audits'))('title') }
}

/** One audit campaign: its progress, the reviews, and what changed since the last audit. Unknown or another workspace's: 404. */
export default async function CampaignPage({ params }: { params: Promise<{ slug: string; campaignId: string }> }) {
  const { slug, campaignId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/audits/${campaignId}`)
  if (!uuidSchema('audit').safeParse(campaignId).success) notFound()
  const [c, changed, t] = await Promise.all([campaignDetail(member, campaignId), whatChanged(member, campaignId), getTranslations('audits')]).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    throw err
  })
  const scope = c.mapId ? t('scope.map', { name: c.scope ?? '' }) : t('scope.workspaceShort')
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['audits', 'maps', 'scores']} />
      <PageHeader title={c.name} description={scope} />
      <CampaignView c={c} changed={changed} workspaceId={member.workspaceId} slug={member.workspaceSlug} />
    </>
  )
}
