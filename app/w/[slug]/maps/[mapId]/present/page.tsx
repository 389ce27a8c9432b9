import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { PresentLauncher } from '@/components/sharing/present-launcher'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { getMap } from '@/lib/maps/maps'

export const metadata: Metadata = { title: 'Present' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Present mode for members: the map from the read model, re-read when it changes (the 'maps' signal). */
export default async function PresentMapPage({ params }: { params: Promise<{ slug: string; mapId: string }> }) {
  const { slug, mapId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps/${mapId}/present`)
  if (!UUID.test(mapId)) notFound()
  const map = await getMap(member, mapId).catch((e) => {
    if (e instanceof NotFoundError) notFound()
    throw e
  })
  const presented = {
    name: map.name,
    stages: map.stages.map((s) => ({ id: s.id, name: s.name, description: s.description })),
    segments: map.segments.map((s) => ({ id: s.id, name: s.name })),
    cards: map.placements.map((p) => ({ key: p.id, stageId: p.stageId, segmentId: p.segmentId, name: p.touchpoint.name, channel: p.touchpoint.channel })),
  }
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['maps']} />
      <PresentLauncher map={presented} back={`/w/${member.workspaceSlug}/maps/${mapId}`} />
    </>
  )
}
