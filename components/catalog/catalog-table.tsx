'use client'

import { useVirtualizer } from '@tanstack/react-virtual'
import Link from 'next/link'
import { useFormatter, useTranslations } from 'next-intl'
import { useEffect, useRef } from 'react'
import { ReviewBadge } from '@/components/audits/review-badge'
import { PHONE_QUERY, useMediaQuery } from '@/components/ui/use-media-query'
import { reviewBadgeOf } from '@/lib/audits/vocabulary'
import type { CatalogRow, CatalogSort } from '@/lib/catalog/query'

const ROW_HEIGHT = 44
/** On a phone a row is two lines: the name, then kind, owner and status. */
const PHONE_ROW_HEIGHT = 64

type Props = {
  total: number
  rowAt: (index: number) => CatalogRow | undefined
  /** Called with the first and last index rendered (on screen plus overscan), so those pages load. */
  onRange: (first: number, last: number) => void
  sort: CatalogSort
  dir: 'asc' | 'desc'
  onSort: (sort: CatalogSort) => void
  selected: ReadonlySet<string>
  onToggle: (id: string) => void
  allSelected: boolean | 'some'
  onToggleAll: () => void
  selectable: boolean
  busy: boolean
  /** The touchpoint's page, to link its name. */
  hrefOf?: (id: string) => string
}

const GRID = 'grid grid-cols-[2.5rem_minmax(11rem,2.2fr)_8.5rem_minmax(6rem,1fr)_9.5rem_minmax(8rem,1.2fr)_5.5rem_5.5rem_6.5rem] items-center'
const PHONE_GRID = 'grid grid-cols-[2.5rem_minmax(0,1fr)] items-center'

const KIND_DOT: Record<string, string> = {
  communication: 'bg-sky-500',
  human: 'bg-amber-500',
  physical: 'bg-emerald-600',
  sensory: 'bg-fuchsia-500',
}

/**
 * The catalog as a virtualised table: only the rows on screen are in the
 * DOM, so thousands stay smooth. ARIA table semantics with row counts and
 * indexes, sortable headers with aria-sort. On a phone each row folds
 * into two lines in one cell (name; kind, owner, status), so nothing is cut
 * and nothing scrolls sideways.
 */
export function CatalogTable(p: Props) {
  const t = useTranslations('catalog')
  const format = useFormatter()
  const scrollRef = useRef<HTMLDivElement>(null)
  const headerBox = useRef<HTMLInputElement>(null)
  const phone = useMediaQuery(PHONE_QUERY)
  const rowHeight = phone ? PHONE_ROW_HEIGHT : ROW_HEIGHT
  const grid = phone ? PHONE_GRID : GRID
  // The virtualizer's functions are not memoisable by the compiler; this component re-renders on scroll by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: p.total, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 })
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer])
  const items = virtualizer.getVirtualItems()
  const first = items.length ? items[0]!.index : 0
  const last = items.length ? items[items.length - 1]!.index : 0
  const { onRange } = p
  useEffect(() => onRange(first, last), [first, last, onRange])
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = p.allSelected === 'some'
  }, [p.allSelected])

  const sortHeader = (key: CatalogSort, label: string) => {
    const active = p.sort === key
    return (
      <div role="columnheader" aria-sort={active ? (p.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className="px-2">
        <button
          type="button"
          onClick={() => p.onSort(key)}
          className="inline-flex items-center gap-1 rounded text-left font-semibold text-slate-700 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-label={t('sortBy', { column: label })}
        >
          {label}
          <span aria-hidden="true" className={active ? 'text-indigo-700' : 'text-slate-300'}>
            {active && p.dir === 'desc' ? '▼' : '▲'}
          </span>
        </button>
      </div>
    )
  }
  const nameOf = (row: CatalogRow) =>
    p.hrefOf ? (
      <Link href={p.hrefOf(row.id)} className="text-indigo-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
        {row.name}
      </Link>
    ) : (
      row.name
    )
  const plain = (label: string) => (
    <div role="columnheader" className="px-2 font-semibold text-slate-700">
      {label}
    </div>
  )

  return (
    <div
      role="table"
      aria-label={t('title')}
      aria-rowcount={p.total + 1}
      aria-busy={p.busy}
      className="overflow-hidden rounded-lg border border-slate-200 bg-white text-sm shadow-sm"
    >
      <div
        ref={scrollRef}
        style={{ height: p.total * rowHeight + 42 }}
        className="max-h-[max(24rem,calc(100vh-20rem))] min-h-[10rem] overflow-auto"
        data-testid="catalog-scroll"
      >
        <div className={phone ? '' : 'min-w-[63rem]'}>
          <div role="rowgroup" className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50">
            <div role="row" aria-rowindex={1} className={`${grid} h-10 text-xs`}>
              <div role="columnheader" className="flex justify-center">
                {p.selectable && (
                  <input
                    ref={headerBox}
                    type="checkbox"
                    className="h-4 w-4 accent-indigo-700"
                    checked={p.allSelected === true}
                    onChange={p.onToggleAll}
                    aria-label={t('selectAll', { count: p.total })}
                  />
                )}
              </div>
              {sortHeader('name', t('columns.name'))}
              {!phone && sortHeader('kind', t('columns.kind'))}
              {!phone && (
                <>
                  {sortHeader('channel', t('columns.channel'))}
                  {plain(t('columns.ownership'))}
                  {sortHeader('owner', t('columns.owner'))}
                  {plain(t('columns.maps'))}
                  {plain(t('columns.status'))}
                  {sortHeader('updated', t('columns.updated'))}
                </>
              )}
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const row = p.rowAt(v.index)
              const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }
              if (!row)
                return (
                  <div key={v.key} role="row" aria-rowindex={v.index + 2} style={style} className={`${grid} border-b border-slate-100`}>
                    <div role="cell" />
                    <div role="cell" className="px-2">
                      <span className="sr-only">{t('loadingRow')}</span>
                      <span aria-hidden="true" className="block h-3 w-2/3 animate-pulse rounded bg-slate-100" />
                    </div>
                  </div>
                )
              const checked = p.selected.has(row.id)
              const retired = row.status === 'retired'
              return (
                <div
                  key={v.key}
                  role="row"
                  aria-rowindex={v.index + 2}
                  style={style}
                  className={`${grid} border-b border-slate-100 ${checked ? 'bg-indigo-50' : 'hover:bg-slate-50'} ${retired ? 'text-slate-500' : 'text-slate-800'}`}
                >
                  <div role="cell" className="flex justify-center">
                    {p.selectable && (
                      <input type="checkbox" className="h-4 w-4 accent-indigo-700" checked={checked} onChange={() => p.onToggle(row.id)} aria-label={t('selectRow', { name: row.name })} />
                    )}
                  </div>
                  {phone ? (
                    <div role="cell" className="min-w-0 px-2">
                      <div className="truncate font-medium" title={row.name}>
                        {nameOf(row)}
                      </div>
                      <div className="mt-0.5 flex min-w-0 items-center gap-1.5 text-xs text-slate-600">
                        <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${KIND_DOT[row.kind] ?? 'bg-slate-400'}`} />
                        <span className="shrink-0">{t(`kinds.${row.kind}` as 'kinds.human')}</span>
                        <span aria-hidden="true">·</span>
                        <span className="truncate">{row.ownerName || row.departmentName || t('noOwner')}</span>
                        {row.onsitePage && <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium uppercase text-slate-700">{t('onsite')}</span>}
                        {retired && <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{t('statuses.retired')}</span>}
                        {!retired && <RowReview row={row} />}
                      </div>
                    </div>
                  ) : (
                    <>
                  <div role="cell" className="truncate px-2 font-medium" title={row.name}>
                    {nameOf(row)}
                    {row.onsitePage && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium uppercase text-slate-600">{t('onsite')}</span>}
                    {!retired && <RowReview row={row} className="ml-2" />}
                  </div>
                  <div role="cell" className="flex items-center gap-1.5 px-2">
                    <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${KIND_DOT[row.kind] ?? 'bg-slate-400'}`} />
                    {t(`kinds.${row.kind}` as 'kinds.human')}
                  </div>
                  <div role="cell" className="truncate px-2" title={row.channel}>
                    {row.channel || <span className="text-slate-400">—</span>}
                  </div>
                  <div role="cell" className="truncate px-2 text-slate-600">
                    {t(`ownerships.${row.ownership}` as 'ownerships.owned')} · {t(`controls.${row.control}` as 'controls.direct')}
                  </div>
                  <div role="cell" className="min-w-0 px-2 leading-tight">
                    {row.ownerName || row.departmentName ? (
                      <>
                        {row.ownerName && <span className="block truncate">{row.ownerName}</span>}
                        {row.departmentName && <span className="block truncate text-xs text-slate-500">{row.departmentName}</span>}
                      </>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </div>
                  <div role="cell" className={`px-2 tabular-nums ${row.placements ? 'text-slate-600' : 'text-slate-400'}`}>
                    {t('placements', { count: row.placements })}
                  </div>
                  <div role="cell" className="px-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${retired ? 'bg-slate-100 text-slate-600' : 'bg-emerald-50 text-emerald-800'}`}>
                      {t(`statuses.${row.status}` as 'statuses.active')}
                    </span>
                  </div>
                  <div role="cell" className="px-2 text-slate-600">
                    <time dateTime={row.updatedAt}>{format.dateTime(new Date(row.updatedAt), 'date')}</time>
                  </div>
                    </>
                  )}
                </div>
              )
            })}
          </div>
        </div>
      </div>
    </div>
  )
}

/** The row's audit review badge ("Review due", "Stale since"), if any. */
function RowReview({ row, className = '' }: { row: CatalogRow; className?: string }) {
  const b = reviewBadgeOf(row.reviewDue, row.reviewedAt, new Date())
  return b.review ? <ReviewBadge review={b.review} since={b.since} className={`shrink-0 ${className}`} /> : null
}
