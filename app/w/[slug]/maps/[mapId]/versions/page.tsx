import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { PageHeader } from '@/components/ui/page-header'
import { SaveVersionForm } from '@/components/versions/save-version-form'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { getMap } from '@/lib/maps/maps'
import { uuidSchema } from '@/lib/schemas/common'
import { listVersions } from '@/lib/versions/versions'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('versions'))('link') }
}

/** A map's version history: save one, open any read-only. Unknown or another workspace's map: 404. */
export default async function VersionsPage({ params }: { params: Promise<{ slug: string; mapId: string }> }) {
  const { slug, mapId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps/${mapId}/versions`)
  if (!uuidSchema('map').safeParse(mapId).success) notFound()
  const [map, versions] = await Promise.all([getMap(member, mapId), listVersions(member, mapId)]).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    throw err
  })
  const [t, format] = await Promise.all([getTranslations('versions'), getFormatter()])
  const base = `/w/${member.workspaceSlug}/maps/${mapId}`
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['maps']} />
      <Link href={base} className="mb-4 inline-block text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← {t('back')}
      </Link>
      <PageHeader title={t('title', { map: map.name })} description={t('lead')} />
      {can(member, 'maps.edit') && (
        <section aria-labelledby="save-version" className="mb-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="save-version" className="mb-3 text-base font-semibold text-slate-900">
            {t('save.title')}
          </h2>
          <SaveVersionForm workspaceId={member.workspaceId} mapId={mapId} />
        </section>
      )}
      <section aria-labelledby="history" className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <h2 id="history" className="border-b border-slate-200 px-5 py-3 text-base font-semibold text-slate-900">
          {t('list.title')}
        </h2>
        {versions.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-600">{t('list.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="versions">
            {versions.map((v) => (
              <li key={v.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                <div className="min-w-0">
                  <p className="break-words font-medium text-slate-900">{v.name}</p>
                  <p className="text-sm text-slate-600">
                    <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-700">{t(`kind.${v.kind}`)}</span>
                    {format.dateTime(new Date(v.createdAt), 'dateTime')} · {t('list.size', { touchpoints: v.touchpoints, cards: v.cards })}
                  </p>
                </div>
                <Link href={`${base}/versions/${v.id}`} className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600" aria-label={t('list.openNamed', { name: v.name })}>
                  {t('list.open')}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
