'use client'

import { QueryClient, QueryClientProvider, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react'
import { bulkAssignOwnerAction, bulkRestoreAction, bulkRetireAction, bulkSetDepartmentAction } from '@/app/w/[slug]/touchpoints/actions'
import { Icon } from '@/components/shell/icons'
import { Button, buttonClass } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import type { ActionResult } from '@/lib/actions/define-action'
import type { CatalogFacets, CatalogPage, CatalogSort } from '@/lib/catalog/query'
import { CONTROLS, OWNERSHIPS, TOUCHPOINT_KINDS, TOUCHPOINT_STATUSES } from '@/lib/maps/model'
import { CatalogTable } from './catalog-table'
import { ImportPanel } from './import-panel'

export type Filters = {
  q: string
  kind: string
  ownership: string
  control: string
  channel: string
  status: string
  map: string
  stage: string
  segment: string
  owner: string
  department: string
}
const NO_FILTERS: Filters = { q: '', kind: '', ownership: '', control: '', channel: '', status: '', map: '', stage: '', segment: '', owner: '', department: '' }
const PAGE = 200
const BULK_CHUNK = 5000

/** What the URL asked for (filters, sort), so a link or a reload shows the same list. */
export type InitialView = { filters: Partial<Filters>; sort: CatalogSort; dir: 'asc' | 'desc' }
/** canAssign: may set owners ('touchpoints.assign'); editors see owners read-only. */
type Props = { workspaceId: string; slug: string; canEdit: boolean; canAssign?: boolean; facets: CatalogFacets; initialPage: CatalogPage; initial: InitialView }

export function CatalogView(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false } } }))
  return (
    <QueryClientProvider client={client}>
      <Catalog {...props} />
    </QueryClientProvider>
  )
}

function paramsOf(f: Filters, sort: CatalogSort, dir: 'asc' | 'desc'): URLSearchParams {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v.trim()) p.set(k, v.trim())
  if (sort !== 'name') p.set('sort', sort)
  if (dir !== 'asc') p.set('dir', dir)
  return p
}

function Catalog({ workspaceId, slug, canEdit, canAssign = false, facets, initialPage, initial }: Props) {
  const t = useTranslations('catalog')
  const ti = useTranslations('interactions')
  const tOwn = useTranslations('ownership.bulk')
  const [ownerPick, setOwnerPick] = useState('')
  const router = useRouter()
  const queryClient = useQueryClient()
  const [initialKey] = useState(() => paramsOf({ ...NO_FILTERS, ...initial.filters }, initial.sort, initial.dir).toString())
  const [filters, setFilters] = useState<Filters>({ ...NO_FILTERS, ...initial.filters })
  const [sort, setSort] = useState<CatalogSort>(initial.sort)
  const [dir, setDir] = useState<'asc' | 'desc'>(initial.dir)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [importing, setImporting] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [department, setDepartment] = useState('')
  const [working, setWorking] = useState(false)

  const deferredQ = useDeferredValue(filters.q)
  const [q, setQ] = useState(filters.q)
  useEffect(() => {
    const h = setTimeout(() => setQ(deferredQ), 200)
    return () => clearTimeout(h)
  }, [deferredQ])
  const effective = useMemo(() => ({ ...filters, q }), [filters, q])
  const params = paramsOf(effective, sort, dir)
  const key = params.toString()
  const filtered = Object.entries(effective).some(([, v]) => v.trim() !== '')
  const isDefault = key === initialKey
  useEffect(() => {
    window.history.replaceState(window.history.state, '', key ? `?${key}` : window.location.pathname)
  }, [key])

  // Pages are fetched where the table is looking (random access), so dragging the scrollbar to row 4,000 loads that page, not the 20 before it.
  const fetchPage = useCallback(
    async (page: number, signal?: AbortSignal): Promise<CatalogPage> => {
      const p = new URLSearchParams(key)
      p.set('offset', String(page * PAGE))
      p.set('limit', String(PAGE))
      const res = await fetch(`/api/workspaces/${workspaceId}/touchpoints?${p}`, { signal, headers: { accept: 'application/json' } })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return (await res.json()) as CatalogPage
    },
    [key, workspaceId],
  )
  const query = useQuery({
    queryKey: ['catalog', workspaceId, key, 0],
    queryFn: ({ signal }) => fetchPage(0, signal),
    initialData: isDefault ? initialPage : undefined,
    placeholderData: (prev) => prev,
  })
  const total = query.data?.total ?? 0
  const [range, setRange] = useState<[number, number]>([0, 0])
  const wanted: number[] = []
  for (let pg = Math.floor(range[0] / PAGE); pg <= Math.floor(range[1] / PAGE) && pg * PAGE < total; pg++) if (pg > 0) wanted.push(pg)
  const pageQueries = useQueries({ queries: wanted.map((pg) => ({ queryKey: ['catalog', workspaceId, key, pg], queryFn: ({ signal }: { signal: AbortSignal }) => fetchPage(pg, signal) })) })
  const loadingMore = pageQueries.some((r) => r.isFetching)
  const rowAt = (i: number) => {
    const pg = Math.floor(i / PAGE)
    const data = pg === 0 ? query.data : queryClient.getQueryData<CatalogPage>(['catalog', workspaceId, key, pg])
    return data?.rows[i - pg * PAGE]
  }
  const onRange = useCallback((first: number, last: number) => setRange((r) => (r[0] === first && r[1] === last ? r : [first, last])), [])

  const set = (k: keyof Filters) => (v: string) => {
    setFilters((f) => ({ ...f, [k]: v, ...(k === 'map' ? { stage: '', segment: '' } : {}) }))
    setSelected(new Set())
  }
  const onSort = (s: CatalogSort) => {
    if (s === sort) setDir(dir === 'asc' ? 'desc' : 'asc')
    else {
      setSort(s)
      setDir(s === 'updated' ? 'desc' : 'asc')
    }
  }

  const visibleMaps = filters.map ? facets.maps.filter((m) => m.id === filters.map) : facets.maps
  const stages = [...new Set(visibleMaps.flatMap((m) => m.stages))]
  const segments = [...new Set(visibleMaps.flatMap((m) => m.segments))]

  const allSelected: boolean | 'some' = selected.size === 0 ? false : selected.size >= total && total > 0 ? true : 'some'
  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const n = new Set(s)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })
  }, [])
  const toggleAll = async () => {
    if (allSelected === true) return setSelected(new Set())
    const p = new URLSearchParams(key)
    p.set('ids', '1')
    const res = await fetch(`/api/workspaces/${workspaceId}/touchpoints?${p}`)
    if (res.ok) setSelected(new Set(((await res.json()) as { ids: string[] }).ids))
  }

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['catalog', workspaceId] })
    router.refresh()
  }

  async function bulk(action: (input: Record<string, unknown>) => Promise<ActionResult<{ updated: number }>>, extra: Record<string, unknown> = {}) {
    const ids = [...selected]
    setWorking(true)
    setMessage(null)
    let updated = 0
    try {
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        const r = await action({ workspaceId, ids: ids.slice(i, i + BULK_CHUNK), ...extra })
        if (!r.ok) {
          setMessage({ ok: false, text: Object.values(r.fieldErrors ?? {}).flat()[0] ?? r.error })
          return
        }
        updated += r.data?.updated ?? 0
      }
      setMessage({ ok: true, text: t('bulkDone', { count: updated }) })
      setSelected(new Set())
    } finally {
      setWorking(false)
      refresh()
    }
  }

  const exportHref = `/api/workspaces/${workspaceId}/touchpoints/export.csv${filtered ? `?${paramsOf(effective, 'name', 'asc')}` : ''}`
  const showEmpty = !filtered && total === 0 && !query.isFetching

  const select = (k: keyof Filters, label: string, options: { value: string; label: string }[], opts: { none?: boolean } = {}) => (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <select
        value={filters[k]}
        onChange={(e) => set(k)(e.currentTarget.value)}
        className="h-9 w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
      >
        <option value="">{t('any')}</option>
        {opts.none && <option value="none">{t('none')}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('lead')}
        actions={
          <div className="flex flex-wrap gap-2">
            {canEdit && (
              <Button variant={importing ? 'secondary' : 'primary'} onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
                {t('import.open')}
              </Button>
            )}
            <a href={`/w/${slug}/touchpoints/interactions`} className={buttonClass('secondary')}>
              {ti('link')}
            </a>
            {total > 0 && (
              <a href={exportHref} className={buttonClass('secondary')} download>
                {filtered ? t('exportFiltered', { count: total }) : t('export')}
              </a>
            )}
          </div>
        }
      />
      {importing && canEdit && <ImportPanel workspaceId={workspaceId} onImported={refresh} onClose={() => setImporting(false)} />}

      {showEmpty ? (
        importing ? null : (
        <EmptyState
          title={t('emptyTitle')}
          body={canEdit ? t('emptyBody') : `${t('emptyBody')} ${t('emptyViewer')}`}
          icon={<Icon name="touchpoints" className="h-10 w-10" />}
          action={
            <div className="flex flex-wrap justify-center gap-3">
              {canEdit && !importing && <Button onClick={() => setImporting(true)}>{t('emptyImport')}</Button>}
              <a href={`/w/${slug}/maps`} className={buttonClass('secondary')}>
                {t('emptyMaps')}
              </a>
            </div>
          }
        />
        )
      ) : (
        <>
          <div role="search" className="mb-4 space-y-3">
            <div className="flex flex-wrap items-center gap-3">
              <label className="relative min-w-64 flex-1">
                <span className="sr-only">{t('search')}</span>
                <input
                  type="search"
                  value={filters.q}
                  onChange={(e) => set('q')(e.currentTarget.value)}
                  placeholder={t('searchPlaceholder')}
                  maxLength={200}
                  className="h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-indigo-600"
                />
              </label>
              <p className="text-sm text-slate-600" aria-live="polite" data-testid="catalog-count">
                {t('count', { shown: total, filtered: filtered ? 'yes' : 'no' })}
              </p>
              {filtered && (
                <Button variant="ghost" onClick={() => setFilters(NO_FILTERS)}>
                  {t('clearFilters')}
                </Button>
              )}
            </div>
            <fieldset className="grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-5 xl:grid-cols-10">
              <legend className="sr-only">{t('filters')}</legend>
              {select('kind', t('kind'), TOUCHPOINT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) })))}
              {select('ownership', t('ownership'), OWNERSHIPS.map((k) => ({ value: k, label: t(`ownerships.${k}`) })))}
              {select('control', t('control'), CONTROLS.map((k) => ({ value: k, label: t(`controls.${k}`) })))}
              {select('channel', t('channel'), facets.channels.map((c) => ({ value: c, label: c })))}
              {select('status', t('status'), TOUCHPOINT_STATUSES.map((k) => ({ value: k, label: t(`statuses.${k}`) })))}
              {select('map', t('map'), facets.maps.map((m) => ({ value: m.id, label: m.name })))}
              {select('stage', t('stage'), stages.map((s) => ({ value: s, label: s })))}
              {select('segment', t('segment'), segments.map((s) => ({ value: s, label: s })))}
              {select('owner', t('owner'), [{ value: 'unowned', label: tOwn('unowned') }, ...facets.owners.map((o) => ({ value: o.id, label: o.name }))], { none: true })}
              {select('department', t('department'), facets.departments.map((d) => ({ value: d.id, label: d.name })), { none: true })}
            </fieldset>
          </div>

          {(canEdit || canAssign) && selected.size > 0 && (
            <div role="region" aria-label={t('bulk')} className="mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-2.5">
              <span className="text-sm font-semibold text-indigo-900">{t('selected', { count: selected.size })}</span>
              {canAssign && (
              <>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <span className="sr-only">{tOwn('assignOwner')}</span>
                <select
                  value={ownerPick}
                  onChange={(e) => setOwnerPick(e.currentTarget.value)}
                  className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm focus:outline-2 focus:outline-indigo-600"
                >
                  <option value="">{tOwn('assignOwner')}…</option>
                  <option value="none">{tOwn('noOwner')}</option>
                  {facets.owners.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </label>
              <Button variant="secondary" disabled={!ownerPick || working} onClick={() => void bulk(bulkAssignOwnerAction, { ownerUserId: ownerPick })}>
                {tOwn('apply')}
              </Button>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <span className="sr-only">{t('setDepartment')}</span>
                <select
                  value={department}
                  onChange={(e) => setDepartment(e.currentTarget.value)}
                  className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm focus:outline-2 focus:outline-indigo-600"
                >
                  <option value="">{t('setDepartment')}…</option>
                  <option value="none">{t('noDepartment')}</option>
                  {facets.departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </label>
              <Button variant="secondary" disabled={!department || working} onClick={() => void bulk(bulkSetDepartmentAction, { departmentId: department })}>
                {t('apply')}
              </Button>
              </>
              )}
              {canEdit && (
              <>
              <Button
                variant="secondary"
                disabled={working}
                onClick={() => {
                  if (window.confirm(t('retireConfirm', { count: selected.size }))) void bulk(bulkRetireAction)
                }}
              >
                {t('retire')}
              </Button>
              <Button variant="secondary" disabled={working} onClick={() => void bulk(bulkRestoreAction)}>
                {t('restore')}
              </Button>
              </>
              )}
              <Button variant="ghost" onClick={() => setSelected(new Set())}>
                {t('clearSelection')}
              </Button>
            </div>
          )}
          {message && (
            <p role={message.ok ? 'status' : 'alert'} className={`mb-3 rounded-md px-3 py-2 text-sm ${message.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-800'}`}>
              {message.text}
            </p>
          )}
          {query.isError && !query.data ? (
            <div role="alert" className="rounded-md bg-red-50 p-4 text-sm text-red-800">
              {t('failed')}{' '}
              <Button variant="secondary" onClick={() => void query.refetch()}>
                {t('retry')}
              </Button>
            </div>
          ) : total === 0 && !query.isFetching ? (
            <EmptyState title={t('noMatchTitle')} body={t('noMatchBody')} />
          ) : query.isPending ? (
            <p role="status" className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
              {t('loading')}
            </p>
          ) : (
            <CatalogTable
              total={total}
              rowAt={rowAt}
              onRange={onRange}
              sort={sort}
              dir={dir}
              onSort={onSort}
              selected={selected}
              onToggle={toggle}
              allSelected={allSelected}
              onToggleAll={() => void toggleAll()}
              selectable={canEdit || canAssign}
              hrefOf={(id) => `/w/${slug}/touchpoints/${encodeURIComponent(id)}`}
              busy={query.isFetching || loadingMore}
            />
          )}
        </>
      )}
    </>
  )
}
