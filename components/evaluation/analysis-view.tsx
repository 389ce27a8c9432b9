'use client'

import { useTranslations } from 'next-intl'
import Link from 'next/link'
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { setWeightsAction } from '@/app/w/[slug]/analysis/actions'
import { useSignal } from '@/components/live/use-signal'
import { HealthTrend } from './health-trend'
import { Icon } from '@/components/shell/icons'
import { Button, buttonClass } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { CRITERIA, DEFAULT_WEIGHTS, FACTORS, HEALTH_PARTS, quadrantOf, rank, WEIGHT_MAX, type Weights } from '@/lib/evaluation/model'
import { evaluateRows, type AnalysisData, type RankedTouchpoint } from '@/lib/evaluation/ranking'
import { MatrixChart, type MatrixPoint } from './matrix-chart'
import { ScoreBadge } from './score-badge'
import { RankReasons } from './rank-reasons'
import { ScorePanel } from './score-panel'

type Props = { workspaceId: string; slug: string; initial: AnalysisData; canScore: boolean; canConfigure: boolean }

const TOP = 20
const sameWeights = (a: Weights, b: Weights) => (Object.keys(a) as (keyof Weights)[]).every((k) => a[k] === b[k])

/**
 * The analysis page: the "improve next" ranking, the prioritisation matrix and
 * the weights. Ranking and matrix are computed here from the raw figures with
 * lib/evaluation/ranking.ts (the server's own code), so unsaved weights preview
 * at once; scores by anyone arrive through the 'scores' signal.
 */
export function AnalysisView({ workspaceId, slug, initial, canScore, canConfigure }: Props) {
  const t = useTranslations('evaluation.analysis')
  const tr = useTranslations('evaluation')
  const [data, setData] = useState(initial)
  const [draft, setDraft] = useState<Weights>(initial.weights)
  const [mapId, setMapId] = useState('')
  const [stageId, setStageId] = useState('')
  const [scoring, setScoring] = useState<string | null>(null)
  const [showAllUnscored, setShowAllUnscored] = useState(false)
  const savedRef = useRef(initial.weights)

  const latest = useRef(0)
  const refetch = useCallback(async () => {
    // Several refetches can be in flight (a save, a signal): only the last one started may land, so an older answer never overwrites a newer one.
    const seq = ++latest.current
    try {
      const res = await fetch(`/api/workspaces/${workspaceId}/evaluations/analysis`, { cache: 'no-store', headers: { accept: 'application/json' } })
      if (!res.ok || seq !== latest.current) return
      const next = (await res.json()) as AnalysisData
      if (seq !== latest.current) return
      // Someone saved new weights: follow them, unless this person is editing a draft.
      const before = savedRef.current
      savedRef.current = next.weights
      setDraft((d) => (sameWeights(d, before) ? next.weights : d))
      setData(next)
    } catch {
      /* offline: the next signal or reconnect refetches */
    }
  }, [workspaceId])
  useSignal(workspaceId, 'scores', refetch)
  // A persona's goal changes the journey weights: re-rank at once.
  useSignal(workspaceId, 'personas', refetch)
  // Insights can arrive by the thousand (the API), and maps change with every edit (a stage's weight among them):
  // for these, re-rank at most about once a second.
  const soonTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const soon = () => {
    soonTimer.current ??= setTimeout(() => {
      soonTimer.current = null
      void refetch()
    }, 1000)
  }
  useSignal(workspaceId, 'insights', soon)
  useSignal(workspaceId, 'maps', soon)
  // KPI values move the health part of the priority.
  useSignal(workspaceId, 'metrics', soon)
  useEffect(() => () => clearTimeout(soonTimer.current ?? undefined), [])

  const dirty = !sameWeights(draft, data.weights)
  const map = data.maps.find((m) => m.id === mapId)
  const inView = useMemo(
    () =>
      data.rows.filter(
        (r) => r.status === 'active' && (!mapId || r.placements.some((p) => p.mapId === mapId && (!stageId || p.stageId === stageId))),
      ),
    [data.rows, mapId, stageId],
  )
  const evaluated = useMemo(() => evaluateRows(inView, draft), [inView, draft])
  const ranked = useMemo(() => rank(evaluated), [evaluated])
  const unscored = evaluated.filter((r) => r.priority == null).sort((a, b) => a.name.localeCompare(b.name))
  const points = ranked.filter((r): r is MatrixPoint => r.value != null && r.effort != null)
  const notPlotted = ranked.length - points.length
  const anyScored = data.rows.some((r) => r.people > 0)
  const scoringRow = scoring ? data.rows.find((r) => r.id === scoring) : undefined

  if (data.rows.length === 0) {
    return (
      <>
        <EmptyState
          title={t('noTouchpointsTitle')}
          body={t('noTouchpointsBody')}
          icon={<Icon name="analysis" className="h-10 w-10" />}
          action={
            <Link href={`/w/${slug}/touchpoints`} className={buttonClass('primary')}>
              {t('goToTouchpoints')}
            </Link>
          }
        />
      </>
    )
  }

  return (
    <>
      {data.maps.length > 0 && (
        <fieldset className="mb-6 flex flex-wrap items-end gap-3">
          <legend className="sr-only">{t('filters')}</legend>
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
            {t('map')}
            <select
              value={mapId}
              onChange={(e) => {
                setMapId(e.currentTarget.value)
                setStageId('')
              }}
              className="h-9 min-w-48 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
            >
              <option value="">{t('allMaps')}</option>
              {data.maps.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          {map && (
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
              {t('stage')}
              <select
                value={stageId}
                onChange={(e) => setStageId(e.currentTarget.value)}
                className="h-9 min-w-48 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
              >
                <option value="">{t('allStages')}</option>
                {map.stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          {!anyScored ? (
            <EmptyState title={t('noScoresTitle')} body={canScore ? t('noScoresBody') : t('noScoresViewer')} icon={<Icon name="analysis" className="h-10 w-10" />} />
          ) : (
            <>
              <Card title={t('improveNext')} description={t('improveNextLead')} id="improve-next">
                {dirty && (
                  <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900" role="status">
                    {t('preview')}
                  </p>
                )}
                {ranked.length === 0 ? (
                  <p className="text-sm text-slate-600">{t('noneInFilter')}</p>
                ) : (
                  <ImproveNext rows={ranked.slice(0, TOP)} slug={slug} onScore={setScoring} canScore={canScore} />
                )}
              </Card>
              <Card title={t('matrix')} description={t('matrixLead')} id="matrix">
                {points.length > 0 ? <MatrixChart points={points} slug={slug} /> : <p className="text-sm text-slate-600">{t('noneInFilter')}</p>}
                {notPlotted > 0 && <p className="mt-2 text-sm text-slate-600">{t('notPlotted', { count: notPlotted })}</p>}
                {points.length > 0 && <MatrixTable points={points} slug={slug} />}
              </Card>
            </>
          )}
          {map && <HealthTrend key={map.id} workspaceId={workspaceId} mapId={map.id} mapName={map.name} />}
          {unscored.length > 0 && (
            <Card title={t('toScore')} description={t('toScoreLead', { count: unscored.length })} id="to-score">
              <ul className="divide-y divide-slate-100" data-testid="unscored">
                {(showAllUnscored ? unscored : unscored.slice(0, 8)).map((r) => (
                  <li key={r.id} className="flex items-center justify-between gap-3 py-2">
                    <Link href={`/w/${slug}/touchpoints/${r.id}`} className="min-w-0 truncate text-sm font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                      {r.name}
                    </Link>
                    <Button variant="secondary" className="shrink-0 !py-1" onClick={() => setScoring(r.id)} aria-label={canScore ? t('scoreNamed', { name: r.name }) : t('viewNamed', { name: r.name })}>
                      {canScore ? t('score') : t('view')}
                    </Button>
                  </li>
                ))}
              </ul>
              {!showAllUnscored && unscored.length > 8 && (
                <Button variant="ghost" className="mt-2" onClick={() => setShowAllUnscored(true)}>
                  {t('showMore', { count: unscored.length })}
                </Button>
              )}
            </Card>
          )}
        </div>

        <aside aria-label={t('sideLabel')} className="min-w-0 space-y-6">
          <WeightsEditor
            workspaceId={workspaceId}
            saved={data.weights}
            draft={draft}
            setDraft={setDraft}
            canConfigure={canConfigure}
            onSaved={(w) => {
              savedRef.current = w
              setData((d) => ({ ...d, weights: w }))
              setDraft(w)
            }}
          />
          <Card title={tr('analysis.howTitle')} id="how">
            <ul className="list-disc space-y-2 pl-4 text-sm text-slate-700">
              <li>{t('how.score')}</li>
              <li>{t('how.priority')}</li>
              <li>{t('how.journey')}</li>
              <li>{t('how.health')}</li>
              <li>{t('how.missing')}</li>
              <li>{t('how.value')}</li>
            </ul>
            <dl className="mt-4 space-y-2 text-sm">
              {(['quickWins', 'majorProjects', 'fillIns', 'thanklessTasks'] as const).map((q) => (
                <div key={q}>
                  <dt className="font-medium text-slate-900">{tr(`quadrants.${q}`)}</dt>
                  <dd className="text-slate-600">{tr(`quadrantHelp.${q}`)}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </aside>
      </div>

      {scoring && (
        <ScoreDrawer
          title={t('drawerTitle', { name: scoringRow?.name ?? '' })}
          onClose={() => setScoring(null)}
          closeLabel={t('close')}
          pageHref={`/w/${slug}/touchpoints/${scoring}`}
          pageLabel={t('openPage')}
        >
          <ScorePanel key={scoring} workspaceId={workspaceId} touchpointId={scoring} canScore={canScore} onChange={refetch} />
        </ScoreDrawer>
      )}
    </>
  )
}

function ImproveNext({ rows, slug, onScore, canScore }: { rows: RankedTouchpoint[]; slug: string; onScore: (id: string) => void; canScore: boolean }) {
  const t = useTranslations('evaluation.analysis')
  return (
    <ol className="divide-y divide-slate-100" aria-label={t('improveNext')} data-testid="improve-next">
      {rows.map((r, i) => (
        <li key={r.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid="improve-next-item">
          <span className="w-6 shrink-0 text-right text-sm font-semibold tabular-nums text-slate-500" aria-hidden="true">
            {i + 1}
          </span>
          <div className="min-w-48 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/w/${slug}/touchpoints/${r.id}`} className="break-words font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                {r.name}
              </Link>
              <ScoreBadge mean={r.score} count={r.people} />
            </div>
            {r.reasons.length ? (
              <RankReasons reasons={r.reasons} className="mt-1 text-xs text-slate-700" />
            ) : (
              <p className="mt-1 text-xs text-slate-600">{t('noReason')}</p>
            )}
          </div>
          <div className="ml-auto flex items-center gap-3">
            <div className="w-28" title={t('priority')}>
              <p className="text-right text-sm font-semibold tabular-nums text-indigo-800">
                <span className="sr-only">{t('priority')} </span>
                <span data-testid="priority">{r.priority!.toFixed(1)}</span>
              </p>
              <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
                <div className="h-full rounded-full bg-indigo-600" style={{ width: `${r.priority}%` }} />
              </div>
            </div>
            <Button variant="secondary" className="!py-1" onClick={() => onScore(r.id)} aria-label={canScore ? t('scoreNamed', { name: r.name }) : t('viewNamed', { name: r.name })}>
              {canScore ? t('score') : t('view')}
            </Button>
          </div>
        </li>
      ))}
    </ol>
  )
}

function MatrixTable({ points, slug }: { points: MatrixPoint[]; slug: string }) {
  const t = useTranslations('evaluation.analysis')
  const tr = useTranslations('evaluation')
  return (
    <details className="mt-4">
      <summary className="cursor-pointer rounded text-sm font-medium text-indigo-800 focus-visible:outline-2 focus-visible:outline-indigo-600">{t('asTable')}</summary>
      <div className="relative mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('matrix')}</caption>
          <thead className="text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">{t('touchpoint')}</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">{t('value')}</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">{t('effort')}</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">{t('insightsCol')}</th>
              <th scope="col" className="py-2 font-medium">{t('quadrant')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {points.map((p) => (
              <tr key={p.id}>
                <th scope="row" className="py-1.5 pr-3 font-medium">
                  <Link href={`/w/${slug}/touchpoints/${p.id}`} className="text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                    {p.name}
                  </Link>
                </th>
                <td className="py-1.5 pr-3 text-right tabular-nums">{p.value.toFixed(0)}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{p.effort}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{p.insights}</td>
                <td className="py-1.5">{tr(`quadrants.${quadrantOf(p.value, p.effort)}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}

function WeightsEditor({
  workspaceId,
  saved,
  draft,
  setDraft,
  canConfigure,
  onSaved,
}: {
  workspaceId: string
  saved: Weights
  draft: Weights
  setDraft: (w: Weights) => void
  canConfigure: boolean
  onSaved: (w: Weights) => void
}) {
  const t = useTranslations('evaluation.analysis')
  const tr = useTranslations('evaluation')
  const uid = useId()
  const [pending, setPending] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const dirty = !sameWeights(draft, saved)

  async function save() {
    setPending(true)
    setMessage(null)
    try {
      const r = await setWeightsAction({ workspaceId, ...draft })
      if (r.ok && r.data) {
        onSaved(r.data as Weights)
        setMessage({ ok: true, text: t('savedWeights') })
      } else if (!r.ok) {
        setMessage({ ok: false, text: Object.values(r.fieldErrors ?? {}).flat()[0] ?? r.error })
      }
    } catch {
      setMessage({ ok: false, text: tr('panel.loadFailed') })
    } finally {
      setPending(false)
    }
  }

  const row = (key: keyof Weights, label: string, help?: string) => (
    <div key={key} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1">
      {canConfigure ? (
        <label htmlFor={`${uid}-${key}`} className="text-sm font-medium text-slate-800">
          {label}
        </label>
      ) : (
        <span className="text-sm font-medium text-slate-800">{label}</span>
      )}
      <span aria-hidden={canConfigure ? true : undefined} className="w-5 text-right text-sm font-semibold tabular-nums text-slate-900">
        {draft[key]}
      </span>
      {canConfigure ? (
        <input
          id={`${uid}-${key}`}
          type="range"
          min={0}
          max={WEIGHT_MAX}
          step={1}
          value={draft[key]}
          aria-label={t('weightFor', { name: label })}
          aria-describedby={help ? `${uid}-${key}-help` : undefined}
          onChange={(e) => setDraft({ ...draft, [key]: Number(e.currentTarget.value) })}
          className="col-span-2 w-full accent-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        />
      ) : null}
      {help && (
        <p id={`${uid}-${key}-help`} className="col-span-2 text-xs text-slate-600">
          {help}
        </p>
      )}
    </div>
  )

  return (
    <Card title={t('weights')} description={canConfigure ? t('weightsLead') : t('weightsReadOnly')} id="weights">
      <div className="space-y-5">
        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('factorWeights')}</legend>
          {FACTORS.map((f) => row(f, tr(`factors.${f}`), tr(`factorHelp.${f}`)))}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('criteriaWeights')}</legend>
          {CRITERIA.map((c) => row(c, tr(`criteria.${c}`)))}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('healthWeights')}</legend>
          {HEALTH_PARTS.map((h) => row(h, tr(`healthParts.${h}`), tr(`healthPartHelp.${h}`)))}
        </fieldset>
        {canConfigure && (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void save()} disabled={!dirty || pending}>
              {pending ? t('saving') : t('save')}
            </Button>
            <Button variant="secondary" onClick={() => setDraft(saved)} disabled={!dirty || pending}>
              {t('reset')}
            </Button>
            <Button variant="ghost" onClick={() => setDraft(DEFAULT_WEIGHTS)} disabled={sameWeights(draft, DEFAULT_WEIGHTS) || pending}>
              {t('defaults')}
            </Button>
          </div>
        )}
        <p role={message && !message.ok ? 'alert' : 'status'} className={`min-h-5 text-sm ${message?.ok === false ? 'font-medium text-red-800' : 'text-emerald-800'}`}>
          {message?.text ?? ''}
        </p>
      </div>
    </Card>
  )
}

/** A modal side drawer (native <dialog>: focus stays inside, Escape closes, focus returns to the button that opened it). */
function ScoreDrawer({
  title,
  onClose,
  closeLabel,
  pageHref,
  pageLabel,
  children,
}: {
  title: string
  onClose: () => void
  closeLabel: string
  pageHref: string
  pageLabel: string
  children: React.ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const uid = useId()
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${uid}-title`}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close()
      }}
      className="m-0 ml-auto h-dvh max-h-none w-full max-w-2xl overflow-y-auto bg-slate-50 p-0 shadow-2xl backdrop:bg-slate-900/40"
    >
      <div className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-5 py-3">
        <h2 id={`${uid}-title`} className="min-w-0 basis-full break-words text-lg font-semibold text-slate-900 sm:flex-1 sm:basis-auto">
          {title}
        </h2>
        <div className="ml-auto flex shrink-0 items-center gap-2">
          <Link href={pageHref} className={buttonClass('ghost', '!px-2 !py-1')}>
            {pageLabel}
          </Link>
          <Button variant="secondary" className="!py-1" onClick={() => ref.current?.close()}>
            {closeLabel}
          </Button>
        </div>
      </div>
      <div className="p-4 sm:p-5">{children}</div>
    </dialog>
  )
}
