'use client'

import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { SharedMap } from '@/lib/sharing/share-view'
import { PresentView } from './present-view'

/**
 * A map as a share link shows it: read-only, live (the events stream says when
 * to re-read it), gone as soon as the link is revoked or expires. A table
 * (stages as columns, rows as row headers), readable by a screen reader.
 */
export function SharedMapView({ token, initial }: { token: string; initial: SharedMap }) {
  const t = useTranslations('sharing.view')
  const goals = useTranslations('mapEditor.goals')
  const [map, setMap] = useState(initial)
  const [gone, setGone] = useState(false)
  const [presenting, setPresenting] = useState(false)
  const seq = useRef(0)
  const reload = useCallback(async () => {
    const mine = ++seq.current
    const res = await fetch(`/api/share/${token}`, { cache: 'no-store' }).catch(() => null)
    if (!res || mine !== seq.current) return
    if (res.status === 404) setGone(true)
    else if (res.ok) setMap((await res.json()) as SharedMap)
  }, [token])
  useEffect(() => {
    const es = new EventSource(`/api/share/${token}/events`)
    es.addEventListener('change', () => void reload())
    es.addEventListener('gone', () => {
      setGone(true)
      es.close()
    })
    // The stream ends on "gone"; any other break reconnects by itself (EventSource), and re-reads once it does.
    es.addEventListener('ready', () => void reload())
    return () => es.close()
  }, [token, reload])

  if (gone) {
    return (
      <div role="alert" className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm" data-testid="share-gone">
        <h1 className="text-lg font-semibold text-slate-900">{t('goneTitle')}</h1>
        <p className="mt-2 text-sm text-slate-700">{t('goneBody')}</p>
      </div>
    )
  }
  const cell = (stageId: string, segmentId: string) => map.cards.filter((c) => c.stageId === stageId && c.segmentId === segmentId)
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('sharedMap')}</p>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900" data-testid="shared-map-name">
            {map.name}
          </h1>
        </div>
        <button
          type="button"
          onClick={() => setPresenting(true)}
          className="rounded-md bg-indigo-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {t('present')}
        </button>
      </div>
      {map.stages.length === 0 || map.segments.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-700">{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full border-collapse text-sm" aria-label={t('tableLabel', { name: map.name })}>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 z-10 w-48 border-b border-r border-slate-200 bg-slate-50 p-3 text-left text-xs font-semibold uppercase text-slate-600">
                  {t('corner')}
                </th>
                {map.stages.map((s) => (
                  <th key={s.id} scope="col" className="min-w-52 border-b border-slate-200 bg-slate-50 p-3 text-left align-top">
                    <span className="block font-semibold text-slate-900">{s.name}</span>
                    {s.description && <span className="mt-0.5 block text-xs font-normal text-slate-600">{s.description}</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {map.segments.map((seg) => (
                <tr key={seg.id}>
                  <th scope="row" className="sticky left-0 z-10 border-r border-t border-slate-200 bg-white p-3 text-left align-top">
                    <span className="block font-semibold text-slate-900">{seg.name}</span>
                    <span className="block text-xs font-normal text-slate-600">{goals(seg.goal as 'win')}</span>
                  </th>
                  {map.stages.map((s) => {
                    const cards = cell(s.id, seg.id)
                    return (
                      <td key={s.id} className="border-t border-slate-200 p-2 align-top">
                        {cards.length === 0 ? (
                          <span className="sr-only">{t('emptyCell')}</span>
                        ) : (
                          <ul className="space-y-1.5">
                            {cards.map((c) => (
                              <li key={c.key} className="rounded-md border border-slate-200 bg-white px-2.5 py-1.5 shadow-sm" data-testid="shared-card">
                                <span className="font-medium text-slate-900">{c.name}</span>
                                {c.channel && <span className="ml-1 text-xs text-slate-600">· {c.channel}</span>}
                                {c.details && (c.details.description || c.details.desiredOutcome) && (
                                  <details className="mt-1 text-xs text-slate-700">
                                    <summary className="cursor-pointer text-indigo-800">{t('details')}</summary>
                                    {c.details.description && <p className="mt-1">{c.details.description}</p>}
                                    {c.details.desiredOutcome && <p className="mt-1">{t('desiredOutcome', { text: c.details.desiredOutcome })}</p>}
                                    {c.details.optimalExperience && <p className="mt-1">{t('optimalExperience', { text: c.details.optimalExperience })}</p>}
                                  </details>
                                )}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-slate-500">{t('readOnly')}</p>
      {presenting && <PresentView map={map} onExit={() => setPresenting(false)} />}
    </div>
  )
}
