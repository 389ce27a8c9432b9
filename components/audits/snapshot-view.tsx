import { getFormatter, getTranslations } from 'next-intl/server'
import type { AuditState } from '@/lib/audits/state'

export type CardMark = 'moved' | 'removed' | 'retired'

/**
 * A frozen audit state, read-only: each map's grid (stages x segments with the
 * touchpoints' names) and every touchpoint with its figures. `marks` flags
 * cards that changed since (a version compared with now).
 */
export async function SnapshotView({ state, marks }: { state: AuditState; marks?: Record<string, CardMark> }) {
  const t = await getTranslations('audits.snapshot')
  const tc = await getTranslations('catalog')
  const format = await getFormatter()
  const names = new Map(state.touchpoints.map((x) => [x.id, x]))
  const owner = (x: AuditState['touchpoints'][number]) =>
    [x.ownerUserId ? state.people[x.ownerUserId] : null, x.ownerDepartmentId ? state.departments[x.ownerDepartmentId] : null].filter(Boolean).join(', ') || t('none')
  return (
    <div className="space-y-6">
      {marks && Object.keys(marks).length > 0 && <p className="text-sm text-slate-700">{t('marks.legend')}</p>}
      {state.maps.map((m) => (
        <section key={m.id} aria-labelledby={`grid-${m.id}`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id={`grid-${m.id}`} className="text-base font-semibold text-slate-900">
            {state.mapId ? t('grid') : m.name}
          </h2>
          <div className="relative mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label={m.name}>
            <table className="w-full border-separate border-spacing-1 text-sm" data-testid="snapshot-grid">
              <caption className="sr-only">{t('gridCaption')}</caption>
              <thead>
                <tr>
                  <td />
                  {m.stages.map((s) => (
                    <th key={s.id} scope="col" className="min-w-36 px-2 py-1 text-left font-medium text-slate-900">
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.segments.map((g) => (
                  <tr key={g.id}>
                    <th scope="row" className="px-2 py-1 text-left align-top font-medium text-slate-800">
                      {g.name}
                    </th>
                    {m.stages.map((s) => {
                      const cards = state.placements.filter((p) => p.mapId === m.id && p.stageId === s.id && p.segmentId === g.id)
                      return (
                        <td key={s.id} className="rounded bg-slate-50 px-2 py-1 align-top">
                          <ul className="space-y-1">
                            {cards.map((p, i) => {
                              const x = names.get(p.touchpointId)
                              const mark = marks?.[p.touchpointId]
                              return (
                                <li
                                  key={i}
                                  data-mark={mark}
                                  className={`rounded border bg-white px-2 py-1 ${mark ? 'border-amber-400 ring-1 ring-amber-300' : 'border-slate-200'} ${x?.status === 'retired' ? 'text-slate-500 line-through' : 'text-slate-900'}`}
                                >
                                  {x?.name ?? '?'}
                                  {mark && <span className="ml-1 text-xs font-semibold text-amber-900">({t(`marks.${mark}`)})</span>}
                                </li>
                              )
                            })}
                          </ul>
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section aria-labelledby="snapshot-touchpoints" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="snapshot-touchpoints" className="text-base font-semibold text-slate-900">
          {t('touchpoints')}
        </h2>
        <div className="relative mt-3 overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">{t('name')}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t('kind')}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t('owner')}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t('status')}</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">{t('score')}</th>
                <th scope="col" className="py-2 text-right font-medium">{t('priority')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {state.touchpoints.map((x) => {
                const f = state.figures[x.id]
                return (
                  <tr key={x.id}>
                    <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">{x.name}</th>
                    <td className="py-1.5 pr-3">{tc.has(`kinds.${x.kind}`) ? tc(`kinds.${x.kind}` as 'kinds.human') : x.kind}</td>
                    <td className="py-1.5 pr-3">{owner(x)}</td>
                    <td className="py-1.5 pr-3">{x.status === 'retired' ? t('retired') : t('active')}</td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{f?.score != null ? format.number(f.score, 'score') : t('none')}</td>
                    <td className="py-1.5 text-right tabular-nums">{f?.priority != null ? format.number(f.priority, 'count') : t('none')}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}
