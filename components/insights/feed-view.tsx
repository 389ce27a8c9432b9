'use client'

import { QueryClient, QueryClientProvider, useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { markAllInsightsReadAction } from '@/app/w/[slug]/insights/actions'
import { useSignal } from '@/components/live/use-signal'
import { Icon } from '@/components/shell/icons'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import type { FeedFacets } from '@/lib/insights/facets'
import type { FeedItem, FeedPage } from '@/lib/insights/feed'
import { INSIGHT_SOURCES, INSIGHT_STATUSES, INSIGHT_TYPES } from '@/lib/insights/model'
import { ImportDialog } from './import-dialog'
import { InsightForm } from './insight-form'
import { TouchpointPicker, type PickedTouchpoint } from './touchpoint-picker'
import { InsightBadges } from './badges'
import { FEED_FILTER_KEYS, NO_FEED_FILTERS, type FeedFilterState } from './filter-keys'

const NONE = NO_FEED_FILTERS

type Props = {
  workspaceId: string
  slug: string
  facets: FeedFacets
  canCreate: boolean
  initial: Partial<FeedFilterState> & { touchpoint?: PickedTouchpoint | null }
  initialPage: FeedPage | null
}

export function FeedView(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false } } }))
  return (
    <QueryClientProvider client={client}>
      <Feed {...props} />
    </QueryClientProvider>
  )
}

function Feed({ workspaceId, slug, facets, canCreate, initial, initialPage }: Props) {
  const t = useTranslations('insights')
  const queryClient = useQueryClient()
  const [filters, setFilters] = useState<FeedFilterState>({ ...NONE, ...initial })
  const [touchpoint, setTouchpoint] = useState<PickedTouchpoint[]>(initial.touchpoint ? [initial.touchpoint] : [])
  const [panel, setPanel] = useState<'none' | 'add' | 'import'>('none')
  const [fresh, setFresh] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)

  const deferredQ = useDeferredValue(filters.q)
  const [q, setQ] = useState(filters.q)
  useEffect(() => {
    const h = setTimeout(() => setQ(deferredQ), 250)
    return () => clearTimeout(h)
  }, [deferredQ])

  const params = useMemo(() => {
    const p = new URLSearchParams()
    for (const k of FEED_FILTER_KEYS) {
      const v = k === 'q' ? q : filters[k]
      if (v.trim()) p.set(k, v.trim())
    }
    if (touchpoint[0]) p.set('touchpoint', touchpoint[0].id)
    return p
  }, [filters, q, touchpoint])
  const key = params.toString()
  const [initialKey] = useState(key)
  const filtered = key !== ''
  useEffect(() => {
    window.history.replaceState(window.history.state, '', key ? `?${key}` : window.location.pathname)
  }, [key])

  const fetchPage = useCallback(
    async (cursor: string | null, signal?: AbortSignal): Promise<FeedPage> => {
      const p = new URLSearchParams(key)
      if (cursor) p.set('cursor', cursor)
      const res = await fetch(`/api/workspaces/${workspaceId}/insights?${p}`, { signal, headers: { accept: 'application/json' } })
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: string; fieldErrors?: Record<string, string[]> } | null
        throw new Error(body?.fieldErrors ? Object.values(body.fieldErrors).flat().join(' ') : (body?.error ?? `HTTP ${res.status}`))
      }
      return (await res.json()) as FeedPage
    },
    [key, workspaceId],
  )

  const feed = useInfiniteQuery({
    queryKey: ['insights', workspaceId, key],
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: key === initialKey && initialPage ? { pages: [initialPage], pageParams: [null] } : undefined,
    placeholderData: (prev) => prev,
  })
  const items = useMemo(() => feed.data?.pages.flatMap((p) => p.items) ?? [], [feed.data])
  const loaded = useRef(new Set<string>())
  useEffect(() => {
    loaded.current = new Set(items.map((i) => i.id))
    setFresh(0)
  }, [items])

  // New insights: the server signals 'insights'; the newest page is read again and what is not shown yet is counted.
  const checkNew = useCallback(async () => {
    try {
      const first = await fetchPage(null)
      // Anything on the newest page that is not shown yet and not older than what is shown is new (also an insight whose
      // transaction began earlier but committed later, so its time is a little older than the top of the list).
      const oldest = items[items.length - 1]
      const news = first.items.filter((i) => !loaded.current.has(i.id) && (!oldest || i.createdAt >= oldest.createdAt)).length
      if (items.length === 0 && first.items.length > 0) return void queryClient.resetQueries({ queryKey: ['insights', workspaceId, key] })
      setFresh(news)
    } catch {
      /* the next signal tries again */
    }
  }, [fetchPage, items, queryClient, workspaceId, key])
  useSignal(workspaceId, 'insights', () => void checkNew())

  const showNew = () => {
    setFresh(0)
    void queryClient.resetQueries({ queryKey: ['insights', workspaceId, key] })
    window.scrollTo({ top: 0, behavior: 'smooth' })
  }
  const refresh = () => void queryClient.resetQueries({ queryKey: ['insights', workspaceId] })

  const markAll = async () => {
    const r = await markAllInsightsReadAction({ workspaceId })
    setNotice(r.ok ? t('feed.allRead') : r.error)
    refresh()
  }

  const set = (k: keyof FeedFilterState) => (v: string) => setFilters((f) => ({ ...f, [k]: v }))
  const select = (k: keyof FeedFilterState, label: string, options: { value: string; label: string }[], anyLabel = t('filters.any')) => (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <select
        value={filters[k]}
        onChange={(e) => set(k)(e.currentTarget.value)}
        className="h-9 w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
  const dateInput = (k: 'from' | 'to', label: string) => (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <input
        type="date"
        value={filters[k]}
        onChange={(e) => set(k)(e.currentTarget.value)}
        className="h-9 w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
      />
    </label>
  )

  const empty = facets.insights === 0 && !filtered && items.length === 0 && !feed.isFetching
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('lead')}
        actions={
          canCreate && (
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => setPanel((p) => (p === 'add' ? 'none' : 'add'))} aria-expanded={panel === 'add'} variant={panel === 'add' ? 'secondary' : 'primary'}>
                {t('add')}
              </Button>
              <Button variant="secondary" onClick={() => setPanel((p) => (p === 'import' ? 'none' : 'import'))} aria-expanded={panel === 'import'}>
                {t('importCsv')}
              </Button>
            </div>
          )
        }
      />
      {panel === 'add' && (
        <InsightForm
          workspaceId={workspaceId}
          facets={facets}
          onCancel={() => setPanel('none')}
          onDone={() => {
            setNotice(t('form.added'))
            setPanel('none')
            refresh()
          }}
        />
      )}
      {panel === 'import' && <ImportDialog workspaceId={workspaceId} onClose={() => setPanel('none')} onImported={refresh} />}
      {notice && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {notice}
        </p>
      )}

      {empty ? (
        <EmptyState
          title={t('empty.title')}
          body={canCreate ? t('empty.body') : `${t('empty.body')} ${t('empty.viewer')}`}
          icon={<Icon name="insights" className="h-10 w-10" />}
          action={
            canCreate ? (
              <div className="flex flex-wrap justify-center gap-3">
                <Button onClick={() => setPanel('add')}>{t('empty.add')}</Button>
                <Button variant="secondary" onClick={() => setPanel('import')}>
                  {t('empty.import')}
                </Button>
              </div>
            ) : undefined
          }
        />
      ) : (
        <>
          <div role="search" className="mb-4 space-y-3">
            <div className="flex flex-wrap items-center gap-3">
              <label className="relative min-w-64 flex-1">
                <span className="sr-only">{t('filters.search')}</span>
                <input
                  type="search"
                  value={filters.q}
                  onChange={(e) => set('q')(e.currentTarget.value)}
                  placeholder={t('filters.searchPlaceholder')}
                  maxLength={200}
                  className="h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-indigo-600"
                />
              </label>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={filters.unread === '1'}
                  onChange={(e) => set('unread')(e.currentTarget.checked ? '1' : '')}
                  className="h-4 w-4 rounded border-slate-400 focus:outline-2 focus:outline-indigo-600"
                />
                {t('filters.unreadOnly')}
              </label>
              {filtered && (
                <Button
                  variant="ghost"
                  onClick={() => {
                    setFilters(NONE)
                    setTouchpoint([])
                  }}
                >
                  {t('filters.clear')}
                </Button>
              )}
              <Button variant="secondary" onClick={() => void markAll()}>
                {t('feed.markAllRead')}
              </Button>
            </div>
            <fieldset className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
              <legend className="sr-only">{t('filters.title')}</legend>
              {select('status', t('filters.status'), INSIGHT_STATUSES.map((v) => ({ value: v, label: t(`statuses.${v}`) })))}
              {select('type', t('filters.type'), INSIGHT_TYPES.map((v) => ({ value: v, label: t(`types.${v}`) })))}
              {select('source', t('filters.source'), INSIGHT_SOURCES.map((v) => ({ value: v, label: t(`sources.${v}`) })))}
              {select('segment', t('filters.segment'), facets.segments.map((s) => ({ value: `${s.mapId}:${s.segmentId}`, label: `${s.name} (${s.mapName})` })))}
              {select('topic', t('filters.topic'), facets.topics.map((v) => ({ value: v, label: v })))}
              {select('owner', t('filters.owner'), [...facets.members.map((m) => ({ value: m.id, label: m.name })), ...facets.departments.map((d) => ({ value: d.id, label: t('filters.department', { name: d.name }) }))])}
              {select('assignee', t('filters.assignee'), [{ value: 'none', label: t('filters.unassigned') }, ...facets.members.map((m) => ({ value: m.id, label: m.name }))])}
              {select('dateOn', t('filters.dateOn'), [{ value: 'observed', label: t('filters.observed') }], t('filters.created'))}
              {dateInput('from', t('filters.from'))}
              {dateInput('to', t('filters.to'))}
              <div className="col-span-2">
                <TouchpointPicker workspaceId={workspaceId} label={t('filters.touchpoint')} value={touchpoint} onChange={(v) => setTouchpoint(v.slice(-1))} single />
              </div>
            </fieldset>
          </div>

          {fresh > 0 && (
            <div className="sticky top-2 z-10 mb-3 flex justify-center">
              <button
                type="button"
                onClick={showNew}
                data-testid="new-insights"
                className="rounded-full bg-indigo-700 px-4 py-1.5 text-sm font-medium text-white shadow-lg hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                {t('feed.newCount', { count: fresh })}
              </button>
            </div>
          )}

          {feed.isError && (
            <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {t('feed.error', { reason: feed.error.message })}
            </p>
          )}
          {feed.isPending ? (
            <ul aria-busy="true" aria-label={t('feed.loading')} className="space-y-2">
              {[0, 1, 2].map((i) => (
                <li key={i} className="h-20 animate-pulse rounded-lg border border-slate-200 bg-slate-100" />
              ))}
            </ul>
          ) : items.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-600">{t('feed.noMatch')}</p>
          ) : (
            <ul className="space-y-2" aria-label={t('feed.list')} data-testid="insight-feed">
              {items.map((item) => (
                <FeedRow key={item.id} item={item} slug={slug} />
              ))}
            </ul>
          )}
          <div className="mt-4 flex justify-center">
            {feed.hasNextPage && (
              <Button variant="secondary" onClick={() => void feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
                {feed.isFetchingNextPage ? t('feed.loadingMore') : t('feed.loadMore')}
              </Button>
            )}
          </div>
        </>
      )}
    </>
  )
}

function FeedRow({ item, slug }: { item: FeedItem; slug: string }) {
  const t = useTranslations('insights')
  const format = useFormatter()
  return (
    <li data-unread={item.unread ? 'true' : 'false'} className={`rounded-lg border bg-white p-4 shadow-sm ${item.unread ? 'border-indigo-200' : 'border-slate-200'}`}>
      <div className="flex items-start gap-3">
        <span aria-hidden="true" className={`mt-1.5 h-2.5 w-2.5 flex-none rounded-full ${item.unread ? 'bg-indigo-600' : 'bg-transparent'}`} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
            <Link
              href={`/w/${slug}/insights/${item.id}`}
              className={`text-base text-slate-900 hover:text-indigo-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 ${item.unread ? 'font-semibold' : 'font-normal'}`}
            >
              {item.unread && <span className="sr-only">{t('feed.unread')}: </span>}
              {item.title}
            </Link>
            <time dateTime={item.createdAt} className="text-xs text-slate-500" title={format.dateTime(new Date(item.createdAt), 'dateTime')}>
              {format.dateTime(new Date(item.createdAt), 'date')}
            </time>
          </div>
          {item.excerpt && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{item.excerpt}</p>}
          <div className="mt-2">
            <InsightBadges item={item} />
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
            {item.touchpoints.length > 0 && (
              <span>
                {t('feed.touchpoints')}: {item.touchpoints.map((tp) => tp.name).join(', ')}
              </span>
            )}
            {item.segments.length > 0 && (
              <span>
                {t('feed.segments')}: {item.segments.map((s) => s.name).join(', ')}
              </span>
            )}
            {item.topics.length > 0 && <span>#{item.topics.join(' #')}</span>}
            <span>{item.assignee ? t('feed.assignedTo', { name: item.assignee.name }) : t('feed.unassignedShort')}</span>
            <span>{item.author ? t('feed.by', { name: item.author.name }) : t(`via.${item.via === 'api' ? 'api' : 'import'}`)}</span>
          </div>
        </div>
      </div>
    </li>
  )
}
