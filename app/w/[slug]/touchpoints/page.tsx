import type { Metadata } from 'next'
import { CatalogView } from '@/components/catalog/catalog-view'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { catalogFacets, catalogQuerySchema, queryCatalog } from '@/lib/catalog/query'

export const metadata: Metadata = { title: 'Touchpoints' }

export default async function TouchpointsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/touchpoints`)
  // The first page comes with the HTML, so the table shows without a round trip.
  const [facets, initialPage] = await Promise.all([catalogFacets(member), queryCatalog(member, catalogQuerySchema.parse({}))])
  return <CatalogView workspaceId={member.workspaceId} slug={member.workspaceSlug} canEdit={can(member, 'maps.edit')} facets={facets} initialPage={initialPage} />
}
