import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { SnapshotView } from '@/components/audits/snapshot-view'
import { PageHeader } from '@/components/ui/page-header'
import { auditSnapshot } from '@/lib/audits/queries'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { uuidSchema } from '@/lib/schemas/common'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audits'))('title') }
}

/** A closed audit as it was (its frozen snapshot), read-only. An open one has no snapshot yet: 404. */
export default async function SnapshotPage({ params }: { params: Promise<{ slug: string; campaignId: string }> }) {
  const { slug, campaignId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/audits/${campaignId}/snapshot`)
  if (!uuidSchema('audit').safeParse(campaignId).success) notFound()
  const { campaign, state } = await auditSnapshot(member, campaignId).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    throw err
  })
  const [t, format] = await Promise.all([getTranslations('audits'), getFormatter()])
  return (
    <>
      <Link href={`/w/${member.workspaceSlug}/audits/${campaign.id}`} className="mb-4 inline-block text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← {campaign.name}
      </Link>
      <PageHeader title={t('snapshot.title', { name: campaign.name })} description={t('snapshot.lead', { date: format.dateTime(new Date(campaign.closedAt ?? state.takenAt), 'dateTime') })} />
      <SnapshotView state={state} />
    </>
  )
}
