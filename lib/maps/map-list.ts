/**
 * The maps list's filters and sort, from the page's query string: persona,
 * stage template, who made it, archived or not; by name or last update.
 * Pure: unknown values fall back to the defaults.
 */
import type { MapSummary } from './maps'

export const MAP_SORTS = ['name', 'updated'] as const
export type MapSort = (typeof MAP_SORTS)[number]
export type MapFilters = { persona?: string; template?: string; owner?: string; show: 'active' | 'archived' | 'all'; sort: MapSort }

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined

export function parseMapFilters(q: Record<string, string | string[] | undefined>): MapFilters {
  const show = one(q.show)
  const sort = one(q.sort)
  return {
    persona: one(q.persona),
    template: one(q.template),
    owner: one(q.owner),
    show: show === 'archived' || show === 'all' ? show : 'active',
    sort: (MAP_SORTS as readonly string[]).includes(sort ?? '') ? (sort as MapSort) : 'name',
  }
}

export function filterMaps(maps: readonly MapSummary[], f: MapFilters): MapSummary[] {
  return maps
    .filter(
      (m) =>
        (f.show === 'all' || (f.show === 'archived') === m.archived) &&
        (!f.persona || m.personas.some((p) => p.id === f.persona)) &&
        (!f.template || m.template === f.template) &&
        (!f.owner || m.createdBy?.id === f.owner),
    )
    .sort((a, b) => (f.sort === 'updated' ? b.updatedAt.getTime() - a.updatedAt.getTime() : a.name.localeCompare(b.name, 'en')) || (a.id < b.id ? -1 : 1))
}
