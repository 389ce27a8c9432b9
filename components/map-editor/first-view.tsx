'use client'

import { useTranslations } from 'next-intl'
import type { TouchpointKind } from '@/lib/maps/model'
import { KIND_TONE, KindIcon } from './icons'

export type FirstView = {
  stages: { id: string; name: string; weight: number }[]
  segments: { id: string; name: string; goal: string; priority: number }[]
  /** The first segments' placements, in their cells' order. */
  placements: { id: string; touchpointId: string; stageId: string; segmentId: string }[]
  /** Segments of the map not in this view. */
  moreSegments: number
}

/**
 * The map as the read model last saw it, rendered on the server, so the first
 * cards are on screen with the page's HTML while the live document connects.
 * Read-only, inert and hidden from screen readers (a status line says the map
 * is connecting; nothing here can be focused or changed); the live grid
 * replaces it as soon as the map document has synced. Same layout as the
 * grid (map-grid.tsx), so nothing jumps when it does.
 */
export function FirstViewGrid({ view, names }: { view: FirstView; names: ReadonlyMap<string, { name: string; kind: TouchpointKind }> }) {
  const t = useTranslations('mapEditor')
  const byCell = new Map<string, FirstView['placements']>()
  for (const p of view.placements) {
    const key = `${p.stageId}|${p.segmentId}`
    byCell.set(key, [...(byCell.get(key) ?? []), p])
  }
  return (
    // Hidden from assistive technology: the status line above says the map is connecting; the live grid is the one to read.
    <div inert aria-hidden="true" data-testid="map-first-view" className="max-h-[calc(100vh-16rem)] min-h-80 overflow-hidden rounded-lg border border-slate-200 bg-slate-50 shadow-sm">
      <table className="border-separate border-spacing-0 text-left">
        <thead>
          <tr>
            <td className="w-32 min-w-32 border-b border-r border-slate-200 bg-slate-100 px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-600 sm:w-48 sm:min-w-48">{t('grid.corner')}</td>
            {view.stages.map((s) => (
              <th key={s.id} scope="col" className="min-w-60 max-w-72 border-b border-r border-slate-200 bg-slate-100 px-3 py-2 align-top">
                <div className="truncate text-sm font-semibold text-slate-900">{s.name}</div>
                <div className="mt-0.5 flex items-center gap-1">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <span key={n} aria-hidden="true" className={`h-1.5 w-3 rounded-full ${n <= s.weight ? 'bg-indigo-600' : 'bg-slate-300'}`} />
                  ))}
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.segments.map((g) => (
            <tr key={g.id}>
              <th scope="row" className="w-32 min-w-32 max-w-56 border-b border-r border-slate-200 bg-white px-3 py-2 align-top sm:w-48 sm:min-w-48">
                <div className="text-sm font-semibold text-slate-900">{g.name}</div>
                <div className="mt-0.5 text-xs text-slate-600">
                  {t(`goals.${g.goal}` as 'goals.grow')} · {t('grid.priority', { priority: g.priority })}
                </div>
              </th>
              {view.stages.map((s) => (
                <td key={s.id} className="min-w-60 max-w-72 border-b border-r border-slate-200 p-2 align-top">
                  <ul className="flex min-h-12 flex-col gap-2">
                    {(byCell.get(`${s.id}|${g.id}`) ?? []).map((p) => {
                      const tp = names.get(p.touchpointId)
                      return (
                        <li key={p.id} data-preview-card="" className="flex items-start gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-2 text-sm shadow-sm">
                          <span aria-hidden="true" className={`mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded border ${KIND_TONE[tp?.kind ?? 'communication']}`}>
                            <KindIcon kind={tp?.kind ?? 'communication'} />
                          </span>
                          <span className="min-w-0 flex-1 break-words font-medium leading-snug text-slate-900">{tp?.name ?? ''}</span>
                        </li>
                      )
                    })}
                  </ul>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {view.moreSegments > 0 && <p className="px-3 py-2 text-xs text-slate-600">{t('firstView.more', { count: view.moreSegments })}</p>}
    </div>
  )
}
