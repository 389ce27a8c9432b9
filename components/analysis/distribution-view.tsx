'use client'

import { useFormatter, useTranslations } from 'next-intl'
import dynamic from 'next/dynamic'
import Link from 'next/link'
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useSignal } from '@/components/live/use-signal'
import { Icon } from '@/components/shell/icons'
import { buttonClass } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import {
  CROWDED_MIN,
  CROWDED_RATIO,
  GAP_WEIGHT,
  HIGH_SCORE,
  LOW_SCORE,
  LOW_WEIGHT,
  PRESSURE_WEEKS,
  SPREAD_CELLS,
  TREND_WEEKS,
  type Distribution,
} from '@/lib/analysis/distribution'
import type { AnalysisTable } from '@/lib/analysis/tables'
import { calendarDay } from '@/lib/i18n/formats'
import { CONTROLS, OWNERSHIPS, TOUCHPOINT_KINDS } from '@/lib/maps/model'
import { ChartCard } from './chart-card'
import { Coverage } from './coverage'
import { Findings } from './findings'
import { Heatmap, heatmapSvg } from './heatmap'

// The charting library loads after the page: the figures (tables, heatmap) are there at once.
const BalanceBars = dynamic(() => import('./charts').then((m) => m.BalanceBars), { ssr: false })
const StackedBars = dynamic(() => import('./charts').then((m) => m.StackedBars), { ssr: false })
const WeeklyLines = dynamic(() => import('./charts').then((m) => m.WeeklyLines), { ssr: false })

type Props = { workspaceId: string; slug: string; initial: Distribution; maps: { id: string; name: string }[] }

const LIVE_TOPICS = ['maps', 'scores', 'insights', 'ownership'] as const
/** Live changes re-read the analysis at most about once a second. */
const REFRESH_MS = 1000

/**
 * The distribution analysis (lib/analysis/distribution.ts): one map's
 * heatmap and balance, or every map's summary; over- and under-used
 * findings; coverage; the mix per stage; insight pressure. Live: edits on
 * the maps, scores, insights and owners re-read it (signals).
 */
export function DistributionView({ workspaceId, slug, initial, maps }: Props) {
  const t = useTranslations('analysis')
  const format = useFormatter()
  const uid = useId()
  const [data, setData] = useState(initial)
  const [mapId, setMapId] = useState(initial.mapId ?? '')
  const [state, setState] = useState<'idle' | 'loading' | 'failed'>('idle')
  // Marked once React has taken over the server-rendered page: from then on the controls respond (bench/analysis.ts waits for it).
  const body = useRef<HTMLDivElement>(null)
  useEffect(() => body.current?.setAttribute('data-ready', 'true'), [])
  const latest = useRef(0)

  const load = useCallback(
    async (scope: string) => {
      const seq = ++latest.current
      setState('loading')
      try {
        const q = scope ? `?map=${encodeURIComponent(scope)}` : ''
        const res = await fetch(`/api/workspaces/${workspaceId}/analysis/distribution${q}`, { cache: 'no-store', headers: { accept: 'application/json' } })
        if (seq !== latest.current) return
        if (!res.ok) throw new Error(String(res.status))
        const next = (await res.json()) as Distribution
        if (seq !== latest.current) return
        setData(next)
        setState('idle')
      } catch {
        if (seq === latest.current) setState('failed')
      }
    },
    [workspaceId],
  )

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const scopeRef = useRef(initial.mapId ?? '')
  const onLive = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = null
      void load(scopeRef.current)
    }, REFRESH_MS)
  }, [load])
  useEffect(() => () => clearTimeout(timer.current ?? undefined), [])
  for (const topic of LIVE_TOPICS) {
    // eslint-disable-next-line react-hooks/rules-of-hooks -- a fixed list: the same hooks on every render
    useSignal(workspaceId, topic, onLive)
  }

  function choose(scope: string) {
    setMapId(scope)
    scopeRef.current = scope
    const url = new URL(window.location.href)
    if (scope) url.searchParams.set('map', scope)
    else url.searchParams.delete('map')
    window.history.replaceState(null, '', url)
    void load(scope)
  }

  const csv = (table: AnalysisTable) => `/api/workspaces/${workspaceId}/analysis/distribution?${new URLSearchParams({ ...(data.mapId ? { map: data.mapId } : {}), table })}`
  const file = (what: string) => `${slug}-${what}`
  const pct = (n: number | null) => (n == null ? '–' : format.number(n, { style: 'percent', maximumFractionDigits: 0 }))
  const pctNumber = (n: number | null) => (n == null ? 0 : Math.round(n * 1000) / 10)

  if (maps.length === 0) {
    return (
      <EmptyState
        title={t('empty.noMapsTitle')}
        body={t('empty.noMapsBody')}
        icon={<Icon name="maps" className="h-10 w-10" />}
        action={
          <Link href={`/w/${slug}/maps`} className={buttonClass('primary')}>
            {t('empty.goToMaps')}
          </Link>
        }
      />
    )
  }

  const h = data.heatmap
  const mixSeries = TOUCHPOINT_KINDS.map((k) => ({ key: k, label: t(`mix.kind.${k}`) }))
  const top = data.pressure.rows.slice(0, 5)
  const weekLabel = (w: string) => format.dateTime(calendarDay(w), 'week')

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <label htmlFor={`${uid}-scope`} className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          {t('scope.label')}
          <select
            id={`${uid}-scope`}
            value={mapId}
            onChange={(e) => choose(e.currentTarget.value)}
            className="h-9 min-w-56 max-w-full rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
          >
            <option value="">{t('scope.workspace')}</option>
            {maps.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {data.mapId && (
          <a href={`/api/workspaces/${workspaceId}/analysis/report?map=${encodeURIComponent(data.mapId)}`} download className={buttonClass('secondary', 'mb-0.5')}>
            {t('export.report')}
          </a>
        )}
        <p role="status" className={`min-h-5 pb-2 text-sm ${state === 'failed' ? 'font-medium text-red-800' : 'text-slate-600'}`}>
          {state === 'loading' ? t('scope.loading') : state === 'failed' ? t('scope.failed') : t('scope.live')}
        </p>
      </div>

      <div aria-busy={state === 'loading'} className={`space-y-6 transition-opacity ${state === 'loading' ? 'opacity-60' : ''}`} data-testid="distribution" ref={body}>
        {h ? (
          <>
            <ChartCard
              id="heatmap"
              title={t('heatmap.title')}
              lead={
                <>
                  {t('heatmap.lead', { map: h.mapName, gapWeight: GAP_WEIGHT })} <strong className="font-semibold text-slate-800">{t('heatmap.gaps', { count: h.gaps })}</strong>
                </>
              }
              csvHref={csv('heatmap')}
              pngSvg={() => heatmapSvg(h, { title: `${t('heatmap.title')}: ${h.mapName}`, gap: t('heatmap.gap'), weight: (w) => t('heatmap.weight', { weight: w }) })}
              fileName={file('heatmap')}
            >
              {h.stages.length === 0 || h.segments.length === 0 || data.maps[0]?.cards === 0 ? (
                <div>
                  <p className="font-medium text-slate-900">{t('empty.noCardsTitle')}</p>
                  <p className="mt-1 text-sm text-slate-600">{t('empty.noCardsBody')}</p>
                  <Link href={`/w/${slug}/maps/${h.mapId}`} className={buttonClass('secondary', 'mt-3')}>
                    {h.mapName}
                  </Link>
                </div>
              ) : (
                <Heatmap data={h} />
              )}
            </ChartCard>
            <ChartCard
              id="balance"
              title={t('balance.title')}
              lead={t('balance.lead')}
              csvHref={csv('stages')}
              png
              fileName={file('balance')}
              table={
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">{t('balance.title')}</caption>
                  <thead className="text-xs text-slate-600">
                    <tr>
                      <th scope="col" className="py-2 pr-3 font-medium">{t('balance.stage')}</th>
                      <th scope="col" className="py-2 pr-3 text-right font-medium">{t('balance.weight')}</th>
                      <th scope="col" className="py-2 pr-3 text-right font-medium">{t('balance.touchpoints')}</th>
                      <th scope="col" className="py-2 pr-3 text-right font-medium">{t('balance.share')}</th>
                      <th scope="col" className="py-2 pr-3 text-right font-medium">{t('balance.weightShare')}</th>
                      <th scope="col" className="py-2 text-right font-medium">{t('balance.gaps')}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 tabular-nums">
                    {h.stages.map((s) => (
                      <tr key={s.id}>
                        <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">{s.name}</th>
                        <td className="py-1.5 pr-3 text-right">{s.weight}</td>
                        <td className="py-1.5 pr-3 text-right">{s.touchpoints}</td>
                        <td className="py-1.5 pr-3 text-right">{pct(s.share)}</td>
                        <td className="py-1.5 pr-3 text-right">{pct(s.weightShare)}</td>
                        <td className="py-1.5 text-right">{s.cells.filter((c) => c.gap).length}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            >
              <div className="h-64">
                <BalanceBars
                  title={t('balance.title')}
                  data={h.stages.map((s) => ({ name: s.name, share: pctNumber(s.share), weightShare: pctNumber(s.weightShare) }))}
                  names={{ share: t('balance.share'), weightShare: t('balance.weightShare') }}
                />
              </div>
            </ChartCard>
          </>
        ) : (
          <ChartCard
            id="maps"
            title={t('maps.title')}
            lead={t('maps.lead', { gapWeight: GAP_WEIGHT })}
            csvHref={csv('maps')}
            fileName={file('maps')}
            table={
              <table className="w-full text-left text-sm" data-testid="maps-table">
                <caption className="sr-only">{t('maps.title')}</caption>
                <thead className="text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">{t('maps.map')}</th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">{t('maps.touchpoints')}</th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">{t('maps.cards')}</th>
                    <th scope="col" className="py-2 text-right font-medium">{t('maps.gaps')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 tabular-nums">
                  {data.maps.map((m) => (
                    <tr key={m.id}>
                      <th scope="row" className="py-1.5 pr-3 font-medium">
                        <button type="button" onClick={() => choose(m.id)} className="text-left text-indigo-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                          {m.name}
                        </button>
                      </th>
                      <td className="py-1.5 pr-3 text-right">{m.touchpoints}</td>
                      <td className="py-1.5 pr-3 text-right">{m.cards}</td>
                      <td className="py-1.5 text-right">{m.gaps}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        )}

        <Findings data={data} csvOver={csv('overUsed')} csvUnder={csv('underUsed')} slug={slug} />

        <Coverage data={data} slug={slug} csv={csv} />

        <ChartCard
          id="mix"
          title={data.mapId ? t('mix.title') : t('mix.titleMaps')}
          lead={data.mapId ? t('mix.lead') : t('mix.leadMaps')}
          csvHref={csv('mix')}
          png
          fileName={file('mix')}
          table={
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{data.mapId ? t('mix.title') : t('mix.titleMaps')}</caption>
              <thead className="text-xs text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">{data.mapId ? t('mix.group') : t('mix.groupMap')}</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">{t('mix.total')}</th>
                  {TOUCHPOINT_KINDS.map((k) => (
                    <th key={k} scope="col" className="py-2 pr-3 text-right font-medium">{t(`mix.kind.${k}`)}</th>
                  ))}
                  {OWNERSHIPS.map((k) => (
                    <th key={k} scope="col" className="py-2 pr-3 text-right font-medium">{t(`mix.ownership.${k}`)}</th>
                  ))}
                  {CONTROLS.map((k) => (
                    <th key={k} scope="col" className="py-2 pr-3 text-right font-medium">{t(`mix.control.${k}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {data.mix.map((m) => (
                  <tr key={m.id}>
                    <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">{m.name}</th>
                    <td className="py-1.5 pr-3 text-right">{m.total}</td>
                    {TOUCHPOINT_KINDS.map((k) => (
                      <td key={k} className="py-1.5 pr-3 text-right">{m.kind[k]}</td>
                    ))}
                    {OWNERSHIPS.map((k) => (
                      <td key={k} className="py-1.5 pr-3 text-right">{m.ownership[k]}</td>
                    ))}
                    {CONTROLS.map((k) => (
                      <td key={k} className="py-1.5 pr-3 text-right">{m.control[k]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <div className="h-64">
            <StackedBars data={data.mix.map((m) => ({ name: m.name, ...m.kind }))} series={mixSeries} title={data.mapId ? t('mix.title') : t('mix.titleMaps')} />
          </div>
        </ChartCard>

        <ChartCard
          id="pressure"
          title={t('pressure.title')}
          lead={t('pressure.lead', { weeks: PRESSURE_WEEKS, trendWeeks: TREND_WEEKS })}
          csvHref={csv('pressure')}
          png={top.length > 0}
          fileName={file('insight-pressure')}
          table={
            data.pressure.rows.length === 0 ? undefined : (
              <table className="w-full text-left text-sm" data-testid="pressure-table">
                <caption className="sr-only">{t('pressure.title')}</caption>
                <thead className="text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">{t('pressure.touchpoint')}</th>
                    {data.pressure.weekStarts.map((w) => (
                      <th key={w} scope="col" className="py-2 pr-2 text-right font-medium">
                        <span aria-hidden="true">{weekLabel(w)}</span>
                        <span className="sr-only">{t('pressure.week', { date: weekLabel(w) })}</span>
                      </th>
                    ))}
                    <th scope="col" className="py-2 pr-3 text-right font-medium">{t('pressure.total')}</th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">{t('pressure.negative')}</th>
                    <th scope="col" className="py-2 font-medium">{t('pressure.trend')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 tabular-nums">
                  {data.pressure.rows.map((r) => (
                    <tr key={r.touchpointId}>
                      <th scope="row" className="py-1.5 pr-3 font-medium">
                        <Link href={`/w/${slug}/touchpoints/${r.touchpointId}`} className="text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                          {r.name}
                        </Link>
                      </th>
                      {r.weeks.map((n, i) => (
                        <td key={i} className={`py-1.5 pr-2 text-right ${n === 0 ? 'text-slate-400' : ''}`}>{n}</td>
                      ))}
                      <td className="py-1.5 pr-3 text-right font-semibold">{r.total}</td>
                      <td className="py-1.5 pr-3 text-right">{pct(r.negativeShare)}</td>
                      <td className="py-1.5 whitespace-nowrap" data-trend={r.trend}>
                        <span aria-hidden="true" className={r.trend === 'up' ? 'text-red-700' : r.trend === 'down' ? 'text-emerald-700' : 'text-slate-500'}>
                          {r.trend === 'up' ? '↑' : r.trend === 'down' ? '↓' : '→'}{' '}
                        </span>
                        {t(`pressure.${r.trend}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        >
          {top.length === 0 ? (
            <p className="text-sm text-slate-600">{t('pressure.none', { weeks: PRESSURE_WEEKS })}</p>
          ) : (
            <>
              <p className="mb-2 text-xs text-slate-600">{t('pressure.chartLead')}</p>
              <div className="h-64">
                <WeeklyLines
                  title={t('pressure.title')}
                  data={data.pressure.weekStarts.map((w, i) => ({ week: weekLabel(w), ...Object.fromEntries(top.map((r, j) => [`s${j}`, r.weeks[i] ?? 0])) }))}
                  series={top.map((r, j) => ({ key: `s${j}`, label: r.name }))}
                />
              </div>
            </>
          )}
        </ChartCard>

        <section aria-labelledby="rules-title" className="rounded-lg border border-slate-200 bg-slate-50 p-5">
          <h2 id="rules-title" className="text-base font-semibold text-slate-900">
            {t('rules.title')}
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>{t('rules.share')}</li>
            <li>{t('rules.gap', { gapWeight: GAP_WEIGHT })}</li>
            <li>{t('rules.over', { cells: SPREAD_CELLS, low: LOW_SCORE, lowWeight: LOW_WEIGHT, crowded: CROWDED_RATIO, min: CROWDED_MIN })}</li>
            <li>{t('rules.under', { gapWeight: GAP_WEIGHT, high: HIGH_SCORE })}</li>
            <li>{t('rules.retired')}</li>
          </ul>
        </section>
      </div>
    </div>
  )
}
