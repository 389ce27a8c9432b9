import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { MapEditor } from '@/components/map-editor/map-editor'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listDepartments } from '@/lib/departments/departments'
import { catalogDocName, mapDocName } from '@/lib/maps/doc-schema'
import { listMembers } from '@/lib/members/list-members'
import { listMetrics } from '@/lib/metrics/metrics'
import { loadMapForEditor } from './load'
import { ticketsForPage } from './tickets'

export const metadata: Metadata = { title: 'Map' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The live map editor. Existence and access come from the server; the map
 * itself comes live from its document, with the placed touchpoints' faces
 * from the read model so it need not wait for the whole catalog document.
 */
export default async function MapEditorPage({ params }: { params: Promise<{ slug: string; mapId: string }> }) {
  const { slug, mapId } = await params
  const { session, member } = await requireMemberPage(slug, `/w/${slug}/maps/${mapId}`)
  if (!UUID.test(mapId)) notFound()
  const map = await loadMapForEditor(member, mapId)
  if (!map) notFound()
  const catalogDoc = catalogDocName(member.workspaceId)
  const mapDoc = mapDocName(member.workspaceId, map.id)
  const [members, departments, initialTickets, metrics] = await Promise.all([listMembers(member), listDepartments(member), ticketsForPage(member, catalogDoc, mapDoc), listMetrics(member)])
  return (
    <MapEditor
      workspaceId={member.workspaceId}
      workspaceSlug={member.workspaceSlug}
      mapId={map.id}
      mapName={map.name}
      catalogDoc={catalogDoc}
      mapDoc={mapDoc}
      initialTickets={initialTickets}
      placed={map.placed}
      firstView={map.firstView}
      canEdit={can(member, 'maps.edit')}
      canAssign={can(member, 'touchpoints.assign')}
      canManagePersonas={can(member, 'personas.manage')}
      me={{ id: session.user.id, name: session.user.name || session.user.email || 'Me' }}
      members={members.map((m) => ({ userId: m.userId, name: m.name || m.email }))}
      departments={departments.map((d) => ({ id: d.id, name: d.name }))}
      metrics={metrics.map((m) => ({ id: m.id, name: m.name, unit: m.unit }))}
    />
  )
}
