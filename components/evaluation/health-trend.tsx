'use client'

import { useFormatter, useTranslations } from 'next-intl'
import dynamic from 'next/dynamic'
import { useCallback, useEffect, useState } from 'react'
import { useSignal } from '@/components/live/use-signal'
import { Card } from '@/components/ui/card'
import type { StageHealthTrend } from '@/lib/evaluation/health-history'

const HealthLines = dynamic(() => import('./health-lines').then((m) => m.HealthLines), { ssr: false })

async function fetchTrend(workspaceId: string, mapId: string): Promise<StageHealthTrend | null> {
  try {
    const res = await fetch(`/api/workspaces/${encodeURIComponent(workspaceId)}/analysis/health?map=${encodeURIComponent(mapId)}`, { cache: 'no-store' })
    return res.ok ? ((await res.json()) as StageHealthTrend) : null
  } catch {
    return null
  }
}

/** A map's health per stage over the last weeks (the daily health record), as lines and as a table. */
export function HealthTrend({ workspaceId, mapId, mapName }: { workspaceId: string; mapId: string; mapName: string }) {
  const t = useTranslations('evaluation.healthTrend')
  const format = useFormatter()
  const [trend, setTrend] = useState<StageHealthTrend | null>(null)
  const [failed, setFailed] = useState(false)
  const load = useCallback(
    () =>
      fetchTrend(workspaceId, mapId).then((r) => {
        if (r) setTrend(r)
        setFailed(!r)
      }),
    [workspaceId, mapId],
  )
  useEffect(() => {
    void load()
  }, [load])
  useSignal(workspaceId, 'metrics', () => void load())
  const week = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { timeZone: 'UTC', month: 'short', day: 'numeric' })
  const any = trend?.stages.some((s) => s.values.some((v) => v != null)) ?? false
  return (
    <Card title={t('title', { map: mapName })} description={t('lead')} id="health-trend">
      {failed ? (
        <p role="alert" className="text-sm text-red-700">
          {t('failed')}
        </p>
      ) : !trend ? (
        <p role="status" className="text-sm text-slate-600">
          {t('loading')}
        </p>
      ) : !any ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <>
          <div className="h-56" role="img" aria-label={t('chartLabel', { map: mapName, weeks: trend.weeks.length })}>
            <HealthLines data={trend.weeks.map((w, i) => ({ label: week(w), ...Object.fromEntries(trend.stages.map((s) => [s.id, s.values[i] ?? null])) }))} stages={trend.stages} />
          </div>
          <div className="relative mt-3 overflow-x-auto" tabIndex={0} aria-label={t('tableLabel')}>
            <table className="w-full text-left text-xs" data-testid="health-trend">
              <thead>
                <tr className="border-b border-slate-200 text-slate-700">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('stage')}
                  </th>
                  {trend.weeks.slice(-6).map((w) => (
                    <th key={w} scope="col" className="py-1 pr-2 text-right font-medium">
                      {week(w)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {trend.stages.map((s) => (
                  <tr key={s.id}>
                    <th scope="row" className="py-1 pr-3 font-medium text-slate-900">
                      {s.name}
                    </th>
                    {s.values.slice(-6).map((v, i) => (
                      <td key={i} className="py-1 pr-2 text-right tabular-nums">
                        {v == null ? '–' : format.number(v, { maximumFractionDigits: 0 })}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  )
}
