import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { DistributionView } from '@/components/analysis/distribution-view'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { distributionFor } from '@/lib/analysis/load'
import { NotFoundError } from '@/lib/errors'
import { listMaps } from '@/lib/maps/maps'
import { uuidSchema } from '@/lib/schemas/common'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('analysis')
  return { title: `${t('tabs.distribution')} · ${t('title')}` }
}

/** The distribution analysis of one map (?map=<id>) or of every map. An unknown map is 404, like another workspace's. */
export default async function DistributionPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ map?: string | string[] }> }) {
  const { slug } = await params
  const { map } = await searchParams
  const { member } = await requireMemberPage(slug, `/w/${slug}/analysis/distribution`)
  const asked = typeof map === 'string' && map !== '' ? map : null
  if (asked !== null && !uuidSchema('map').safeParse(asked).success) notFound()
  const [initial, maps] = await Promise.all([
    distributionFor(member, { mapId: asked }).catch((err: unknown) => {
      if (err instanceof NotFoundError) notFound()
      throw err
    }),
    listMaps(member),
  ])
  return <DistributionView workspaceId={member.workspaceId} slug={member.workspaceSlug} initial={initial} maps={maps.map((m) => ({ id: m.id, name: m.name }))} />
}
