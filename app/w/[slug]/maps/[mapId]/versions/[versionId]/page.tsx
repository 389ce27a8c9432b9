import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { ChangeList } from '@/components/audits/change-list'
import { SnapshotView, type CardMark } from '@/components/audits/snapshot-view'
import { PageHeader } from '@/components/ui/page-header'
import { RestoreButton } from '@/components/versions/restore-button'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { uuidSchema } from '@/lib/schemas/common'
import type { Change } from '@/lib/audits/state'
import { versionView } from '@/lib/versions/versions'

/** The version's cards that moved, left the map or were retired since. */
const marksOf = (changes: Change[]): Record<string, CardMark> =>
  Object.fromEntries(changes.filter((c) => c.kind === 'moved' || c.kind === 'removed' || c.kind === 'retired').map((c) => [c.touchpointId, c.kind as CardMark]))

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('versions'))('link') }
}

/** One version read-only, what changed since, and (managers) restore. Another workspace's version, or a version of another map: 404. */
export default async function VersionPage({ params }: { params: Promise<{ slug: string; mapId: string; versionId: string }> }) {
  const { slug, mapId, versionId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps/${mapId}/versions/${versionId}`)
  if (!uuidSchema('version').safeParse(versionId).success) notFound()
  const v = await versionView(member, versionId).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    throw err
  })
  if (v.mapId !== mapId) notFound()
  const [t, format] = await Promise.all([getTranslations('versions'), getFormatter()])
  const base = `/w/${member.workspaceSlug}/maps/${mapId}`
  return (
    <>
      <Link href={`${base}/versions`} className="mb-4 inline-block text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← {t('list.title')}
      </Link>
      <PageHeader
        title={t('view.title', { name: v.version.name })}
        description={t('view.lead', { kind: t(`kind.${v.version.kind}`), map: v.mapName, date: format.dateTime(new Date(v.version.createdAt), 'dateTime') })}
      />
      <div className="mb-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        {can(member, 'versions.restore') ? (
          <RestoreButton workspaceId={member.workspaceId} versionId={v.version.id} mapHref={base} />
        ) : (
          <p className="text-sm text-slate-600">{t('view.readOnlyRole')}</p>
        )}
      </div>
      <section aria-labelledby="since" className="mb-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="since" className="mb-3 text-base font-semibold text-slate-900">
          {t('view.since')}
        </h2>
        <ChangeList changes={v.changesSince} slug={member.workspaceSlug} />
      </section>
      <SnapshotView state={v.state} marks={marksOf(v.changesSince)} />
    </>
  )
}
