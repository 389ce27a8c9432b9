'use client'

import { useTranslations } from 'next-intl'
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from 'react'
import { setMapKpiAction } from '@/app/w/[slug]/maps/[mapId]/kpi-actions'
import { useSignal } from '@/components/live/use-signal'
import { STATUS_STYLES } from '@/components/metrics/status-pill'
import type { MapKpi } from '@/lib/metrics/read'

const KpiContext = createContext<{ kpi: MapKpi; reload: () => void }>({ kpi: null, reload: () => {} })

/**
 * The KPI the map's cards show (GET /api/workspaces/{id}/maps/{mapId}/kpi):
 * fetched once the editor is up, and again on every 'metrics' signal (a
 * value recorded anywhere, by the API too, or another KPI chosen), so badges
 * change without a reload. Only the badges read it, not the cards.
 */
export function KpiBadgesProvider({ workspaceId, mapId, children }: { workspaceId: string; mapId: string; children: React.ReactNode }) {
  const [kpi, setKpi] = useState<MapKpi>(null)
  const seq = useRef(0)
  const reload = useCallback(() => {
    const mine = ++seq.current
    fetch(`/api/workspaces/${encodeURIComponent(workspaceId)}/maps/${encodeURIComponent(mapId)}/kpi`, { cache: 'no-store', headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok || mine !== seq.current) return
        setKpi(((await res.json()) as { kpi: MapKpi }).kpi)
      })
      .catch(() => {
        // Offline: the next signal (or reconnect) fetches again; the map works without badges.
      })
  }, [workspaceId, mapId])
  useEffect(() => {
    const timer = setTimeout(reload, 0)
    return () => clearTimeout(timer)
  }, [reload])
  useSignal(workspaceId, 'metrics', reload)
  return <KpiContext.Provider value={{ kpi, reload }}>{children}</KpiContext.Provider>
}

/** A card's KPI badge: the value in its status colour, with the status in words for screen readers and on hover. */
export function KpiBadge({ touchpointId }: { touchpointId: string }) {
  const { kpi } = useContext(KpiContext)
  const t = useTranslations('metrics')
  const b = kpi?.touchpoints[touchpointId]
  if (!kpi || !b) return null
  const value = Number(b.value.toPrecision(4)).toString()
  const label = t('badge.label', { name: kpi.metric.name, value, unit: kpi.metric.unit, status: t(`panel.status.${b.status}`) })
  return (
    <span role="img" aria-label={label} title={label} data-testid="kpi-badge" data-status={b.status} className={`mt-0.5 inline-flex shrink-0 items-center rounded px-1 text-[11px] font-medium tabular-nums ring-1 ring-inset ${STATUS_STYLES[b.status]}`}>
      {value}
      {kpi.metric.unit === '%' ? '%' : ''}
    </span>
  )
}

/** The toolbar's "Card KPI" choice (editors): which KPI every card shows; everyone with the map open follows. */
export function KpiChoice({ workspaceId, mapId, metrics }: { workspaceId: string; mapId: string; metrics: { id: string; name: string; unit: string }[] }) {
  const t = useTranslations('metrics.badge')
  const { kpi, reload } = useContext(KpiContext)
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  if (!metrics.length) return null
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {t('choose')}
      </label>
      <select
        id={id}
        value={kpi?.metric.id ?? ''}
        title={t('hint')}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={async (e) => {
          const r = await setMapKpiAction({ workspaceId, mapId, metricId: e.target.value })
          setError(r.ok ? null : r.error)
          reload()
        }}
        className="min-w-36 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
      >
        <option value="">{t('none')}</option>
        {metrics.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  )
}
