import type { Metadata } from 'next'
import { CatalogView, type Filters, type InitialView } from '@/components/catalog/catalog-view'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { catalogFacets, catalogQuerySchema, queryCatalog } from '@/lib/catalog/query'

export const metadata: Metadata = { title: 'Touchpoints' }

const FILTER_KEYS = ['q', 'kind', 'ownership', 'control', 'channel', 'status', 'map', 'stage', 'segment', 'owner', 'department'] as const

export default async function TouchpointsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/touchpoints`)
  // The URL's filters (a shared link, a reload), when valid; otherwise the whole catalog by name.
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))
  const parsed = catalogQuerySchema.safeParse({ ...raw, offset: undefined, limit: undefined })
  const query = parsed.success ? parsed.data : catalogQuerySchema.parse({})
  const filters: Partial<Filters> = {}
  if (parsed.success) for (const k of FILTER_KEYS) if (typeof raw[k] === 'string') filters[k] = raw[k]
  const initial: InitialView = { filters, sort: query.sort, dir: query.dir }
  // The first page comes with the HTML, so the table shows without a round trip.
  const [facets, initialPage] = await Promise.all([catalogFacets(member), queryCatalog(member, query)])
  return (
    <CatalogView
      workspaceId={member.workspaceId}
      slug={member.workspaceSlug}
      canEdit={can(member, 'maps.edit')}
      canAssign={can(member, 'touchpoints.assign')}
      facets={facets}
      initialPage={initialPage}
      initial={initial}
    />
  )
}
