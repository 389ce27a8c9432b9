'use client'

import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query'
import { useFormatter, useTranslations } from 'next-intl'
import dynamic from 'next/dynamic'
import Link from 'next/link'
import { useCallback, useId, useState } from 'react'
import { attachMetricAction, detachMetricAction, recordValueAction } from '@/app/w/[slug]/touchpoints/[touchpointId]/kpi-actions'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { useSignal } from '@/components/live/use-signal'
import { Button } from '@/components/ui/button'
import type { Metric } from '@/lib/metrics/model'
import type { TouchpointKpi, TrendRange } from '@/lib/metrics/read'
import { StatusPill } from './status-pill'
import type { KpiDatum } from './kpi-line'

// The charting library loads after the page: the latest values and the table are there at once.
const KpiLine = dynamic(() => import('./kpi-line').then((m) => m.KpiLine), { ssr: false })

type Props = {
  workspaceId: string
  slug: string
  touchpointId: string
  /** Every KPI of the workspace (to add one, or record a value of one). */
  metrics: Metric[]
  canRecord: boolean
  canDefine: boolean
  retired: boolean
}

/** A touchpoint's KPIs: each one's trend against its target, live (the 'metrics' signal); record a value, add or remove a KPI. */
export function KpiPanel(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }))
  return (
    <QueryClientProvider client={client}>
      <Panel {...props} />
    </QueryClientProvider>
  )
}

const RANGES: TrendRange[] = ['3m', '12m', '2y']

function Panel({ workspaceId, slug, touchpointId, metrics, canRecord, canDefine, retired }: Props) {
  const t = useTranslations('metrics.panel')
  const queryClient = useQueryClient()
  const headingId = useId()
  const [range, setRange] = useState<TrendRange>('12m')
  const [segment, setSegment] = useState('')
  const key = ['kpis', workspaceId, touchpointId]
  const kpis = useQuery({
    queryKey: [...key, range, segment],
    queryFn: async () => {
      const res = await fetch(`/api/workspaces/${encodeURIComponent(workspaceId)}/touchpoints/${encodeURIComponent(touchpointId)}/kpis?${new URLSearchParams({ range, segment })}`, {
        cache: 'no-store',
        headers: { accept: 'application/json' },
      })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return ((await res.json()) as { kpis: TouchpointKpi[] }).kpis
    },
    placeholderData: (prev) => prev,
  })
  const refetch = useCallback(() => void queryClient.invalidateQueries({ queryKey: key }), [queryClient, workspaceId, touchpointId]) // eslint-disable-line react-hooks/exhaustive-deps
  useSignal(workspaceId, 'metrics', refetch)

  const list = kpis.data ?? []
  const attached = new Set(list.map((k) => k.id))
  const others = metrics.filter((m) => !attached.has(m.id))
  const segments = [...new Set(list.flatMap((k) => k.segments))].sort()

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="touchpoint-kpis">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {t('title')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
        </div>
        {list.length > 0 && (
          <div className="flex flex-wrap gap-3">
            <label className="text-sm text-slate-700">
              <span className="mr-2">{t('range')}</span>
              <select value={range} onChange={(e) => setRange(e.target.value as TrendRange)} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-2 focus:outline-indigo-600">
                {RANGES.map((r) => (
                  <option key={r} value={r}>
                    {t(`range${r}` as 'range12m')}
                  </option>
                ))}
              </select>
            </label>
            {segments.length > 0 && (
              <label className="text-sm text-slate-700">
                <span className="mr-2">{t('segment')}</span>
                <select value={segment} onChange={(e) => setSegment(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-2 focus:outline-indigo-600">
                  <option value="">{t('segmentAll')}</option>
                  {segments.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
      </div>

      <div className="mt-4 space-y-6" aria-busy={kpis.isFetching}>
        {kpis.isPending ? (
          <p className="text-sm text-slate-600" role="status">
            {t('loading')}
          </p>
        ) : kpis.isError && !kpis.data ? (
          <p className="text-sm text-red-700" role="alert">
            {t('failed')}
          </p>
        ) : list.length === 0 ? (
          <p className="text-sm text-slate-600">
            {metrics.length === 0 ? t('emptyNoMetrics') : t('empty')}{' '}
            {metrics.length === 0 && canDefine && (
              <Link href={`/w/${slug}/settings/metrics`} className="font-medium text-indigo-700 hover:underline">
                {t('defineLink')}
              </Link>
            )}
          </p>
        ) : (
          list.map((k) => <KpiTrend key={k.id} kpi={k} range={range} workspaceId={workspaceId} touchpointId={touchpointId} canRecord={canRecord} />)
        )}
      </div>

      {canRecord && !retired && metrics.length > 0 && (
        <div className="mt-6 grid gap-6 border-t border-slate-100 pt-5 lg:grid-cols-2">
          <RecordForm workspaceId={workspaceId} touchpointId={touchpointId} metrics={metrics} attached={list} onDone={refetch} />
          {others.length > 0 && (
            <ActionForm action={attachMetricAction} hidden={{ workspaceId, touchpointId }} onSuccess={refetch} className="space-y-3" aria-label={t('attachButton')}>
              <SelectField name="metricId" label={t('attach')}>
                {others.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.unit})
                  </option>
                ))}
              </SelectField>
              <SubmitButton variant="secondary" pendingLabel={t('attaching')}>
                {t('attachButton')}
              </SubmitButton>
            </ActionForm>
          )}
        </div>
      )}
    </section>
  )
}

function KpiTrend({ kpi, range, workspaceId, touchpointId, canRecord }: { kpi: TouchpointKpi; range: TrendRange; workspaceId: string; touchpointId: string; canRecord: boolean }) {
  const t = useTranslations('metrics.panel')
  const format = useFormatter()
  const [table, setTable] = useState(false)
  const num = (n: number) => format.number(n, { maximumFractionDigits: 3 })
  const day = (iso: string) => format.dateTime(new Date(iso), { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' })
  const periodOf = (p: { periodStart: string; periodEnd: string }) => (p.periodStart === p.periodEnd || day(p.periodStart) === day(p.periodEnd) ? day(p.periodStart) : `${day(p.periodStart)} – ${day(p.periodEnd)}`)
  const data: KpiDatum[] = kpi.points.map((p) => ({
    at: Date.parse(p.periodStart),
    short: format.dateTime(new Date(p.periodStart), { timeZone: 'UTC', month: 'short', day: range === '3m' ? 'numeric' : undefined, year: range === '2y' ? '2-digit' : undefined }),
    long: periodOf(p),
    value: p.value,
  }))
  const statusWords = (s: 'green' | 'amber' | 'red') => (kpi.direction === 'lower' ? t(`statusLower.${s}`) : t(`status.${s}`))
  const rangeWords = t(`range${range}` as 'range12m')
  return (
    <article className="min-w-0" data-testid={`kpi-${kpi.name}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">
          {kpi.name} <span className="font-normal text-slate-500">({kpi.unit})</span>
        </h3>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          {kpi.latest ? (
            <>
              <span className="font-medium text-slate-900" data-testid="kpi-latest">
                {t('latest', { value: num(kpi.latest.value), unit: kpi.unit })}
              </span>
              <span className="text-slate-600">{t('latestPeriod', { period: periodOf(kpi.latest) })}</span>
              <StatusPill status={kpi.latest.status} label={statusWords(kpi.latest.status)} />
            </>
          ) : (
            <span className="text-slate-600">{t('noValues')}</span>
          )}
        </div>
      </div>
      {data.length > 0 && (
        <div className="mt-2 h-48" role="img" aria-label={t('chartLabel', { name: kpi.name, range: rangeWords, count: data.length, target: num(kpi.target), unit: kpi.unit })}>
          <KpiLine data={data} target={kpi.target} alertAt={kpi.alertAt} unit={kpi.unit} labels={{ target: t('target', { target: num(kpi.target) }), alert: kpi.alertAt === null ? '' : t('alert', { alert: num(kpi.alertAt) }) }} />
        </div>
      )}
      <div className="mt-2 flex flex-wrap gap-3">
        {data.length > 0 && (
          <Button variant="ghost" aria-expanded={table} onClick={() => setTable((v) => !v)}>
            {t('showTable')}
          </Button>
        )}
        {canRecord && (
          <ActionForm action={detachMetricAction} hidden={{ workspaceId, touchpointId, metricId: kpi.id }} confirm={t('detachConfirm', { name: kpi.name })} className="">
            <SubmitButton variant="ghost">
              {t('detach')} <span className="sr-only">{kpi.name}</span>
            </SubmitButton>
          </ActionForm>
        )}
      </div>
      {table && (
        <div className="relative mt-2 max-h-64 overflow-auto rounded border border-slate-200" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('tableSummary', { name: kpi.name })}</caption>
            <thead className="sticky top-0 bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  {t('period')}
                </th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium">
                  {t('value')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {[...kpi.points].reverse().map((p) => (
                <tr key={`${p.periodStart}|${p.periodEnd}`}>
                  <td className="px-3 py-1">{periodOf(p)}</td>
                  <td className="px-3 py-1 text-right tabular-nums">
                    {num(p.value)} {kpi.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  )
}

function RecordForm({ workspaceId, touchpointId, metrics, attached, onDone }: { workspaceId: string; touchpointId: string; metrics: Metric[]; attached: TouchpointKpi[]; onDone: () => void }) {
  const t = useTranslations('metrics.panel')
  const today = new Date().toISOString().slice(0, 10)
  // The KPIs already on the touchpoint first.
  const ordered = [...attached, ...metrics.filter((m) => !attached.some((a) => a.id === m.id))]
  return (
    <ActionForm action={recordValueAction} hidden={{ workspaceId, touchpointId }} success={t('recorded')} onSuccess={onDone} className="space-y-3" aria-label={t('record')}>
      <h3 className="text-sm font-semibold text-slate-900">{t('record')}</h3>
      <p className="text-xs text-slate-600">{t('recordLead')}</p>
      <SelectField name="metricId" label={t('metric')}>
        {ordered.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.unit})
          </option>
        ))}
      </SelectField>
      <Field name="value" label={t('value_')} inputMode="decimal" required autoComplete="off" />
      <div className="grid grid-cols-2 gap-3">
        <Field name="periodStart" label={t('periodStart')} type="date" defaultValue={today} required />
        <Field name="periodEnd" label={t('periodEnd')} type="date" defaultValue={today} required />
      </div>
      <Field name="segment" label={t('segmentField')} hint={t('segmentHint')} maxLength={80} autoComplete="off" />
      <SubmitButton pendingLabel={t('recording')}>{t('recordButton')}</SubmitButton>
    </ActionForm>
  )
}
