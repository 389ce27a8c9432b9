'use client'

import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { setEstimatesAction, setMyScoresAction } from '@/app/w/[slug]/analysis/actions'
import { useSignal } from '@/components/live/use-signal'
import { RankReasons } from './rank-reasons'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/actions/define-action'
import type { TouchpointEvaluation } from '@/lib/evaluation/evaluation'
import { CRITERIA, SCORE_MAX, SCORE_MIN, type Criterion } from '@/lib/evaluation/model'

type Props = {
  workspaceId: string
  touchpointId: string
  /** The member's role may score and estimate ('touchpoints.score'); otherwise the panel is read-only. */
  canScore: boolean
  /** Called after a change of the caller's was saved (the analysis page refetches its ranking). */
  onChange?: () => void
}

const STEPS = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => i + SCORE_MIN)
const fmt = (n: number | null | undefined, digits = 1) => (n == null ? '–' : n.toFixed(digits))

type Loaded = { kind: 'ok'; data: TouchpointEvaluation } | { kind: 'gone' } | { kind: 'error' }

async function fetchEvaluation(workspaceId: string, touchpointId: string): Promise<Loaded> {
  try {
    const res = await fetch(`/api/workspaces/${workspaceId}/evaluations/${encodeURIComponent(touchpointId)}`, { cache: 'no-store', headers: { accept: 'application/json' } })
    if (res.status === 404) return { kind: 'gone' }
    if (!res.ok) return { kind: 'error' }
    return { kind: 'ok', data: (await res.json()) as TouchpointEvaluation }
  } catch {
    return { kind: 'error' }
  }
}

function messageOf(r: Extract<ActionResult, { ok: false }>): string {
  return Object.values(r.fieldErrors ?? {}).flat()[0] ?? r.error
}

/**
 * The scoring UI for one touchpoint: the team's aggregate per criterion
 * (mean, count, spread), the member's own 1-5 rating per criterion (a radio
 * group each, with the criterion's question as help), importance and effort,
 * and the priority. Own ratings apply at once and roll back with a clear
 * message when the server refuses; other people's changes arrive live.
 */
export function ScorePanel({ workspaceId, touchpointId, canScore, onChange }: Props) {
  const t = useTranslations('evaluation.panel')
  const tr = useTranslations('evaluation')
  const uid = useId()
  const [data, setData] = useState<TouchpointEvaluation | null>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'gone'>('loading')
  const [status, setStatus] = useState<{ kind: 'saving' | 'saved' | 'error'; text: string } | null>(null)
  const pending = useRef(0)
  const latest = useRef(0)
  const stale = useRef(false)

  const apply = useCallback((r: Loaded, seq: number) => {
    if (r.kind === 'gone') return setState('gone')
    if (r.kind === 'error') return setState((s) => (s === 'ready' ? s : 'error'))
    if (seq === latest.current && pending.current === 0) {
      setData(r.data)
      setState('ready')
    }
  }, [])
  const load = useCallback(() => {
    const seq = ++latest.current
    return fetchEvaluation(workspaceId, touchpointId).then((r) => apply(r, seq))
  }, [workspaceId, touchpointId, apply])

  useEffect(() => {
    const seq = ++latest.current
    fetchEvaluation(workspaceId, touchpointId).then((r) => apply(r, seq))
  }, [workspaceId, touchpointId, apply])

  // Someone else scored, or a persona's goal moved the journey weight: re-read,
  // unless one of our own changes is on its way (then after it).
  const reread = () => {
    if (pending.current > 0) stale.current = true
    else void load()
  }
  useSignal(workspaceId, 'scores', reread)
  useSignal(workspaceId, 'personas', reread)
  // A KPI value changes the health.
  useSignal(workspaceId, 'metrics', reread)

  async function save(optimistic: (d: TouchpointEvaluation) => TouchpointEvaluation, call: () => Promise<ActionResult<TouchpointEvaluation>>) {
    const before = data
    if (!before) return
    setData(optimistic(before))
    pending.current++
    const mine = ++latest.current
    setStatus({ kind: 'saving', text: t('saving') })
    let r: ActionResult<TouchpointEvaluation>
    try {
      r = await call()
    } catch {
      r = { ok: false, status: 0, error: tr('panel.loadFailed') }
    }
    pending.current--
    if (r.ok && r.data) {
      if (mine === latest.current) setData(r.data)
      setStatus({ kind: 'saved', text: t('saved') })
      onChange?.()
    } else if (!r.ok) {
      // Roll back to what the server has, then say why.
      if (mine === latest.current) setData(before)
      setStatus({ kind: 'error', text: t('failed', { error: messageOf(r) }) })
      if (r.status === 404) setState('gone')
    }
    if (pending.current === 0 && stale.current) {
      stale.current = false
      void load()
    }
  }

  const score = (c: Criterion, v: number | null) =>
    save(
      (d) => ({ ...d, mine: { ...d.mine, [c]: v } }),
      () => setMyScoresAction({ workspaceId, touchpointId, scores: { [c]: v } }) as Promise<ActionResult<TouchpointEvaluation>>,
    )
  const estimate = (what: 'importance' | 'effort', v: number | null) =>
    save(
      (d) => ({ ...d, [what]: v }),
      () => setEstimatesAction({ workspaceId, touchpointId, [what]: v }) as Promise<ActionResult<TouchpointEvaluation>>,
    )

  if (state === 'loading' && !data) {
    return (
      <section aria-busy="true" aria-label={t('title')} className="rounded-lg border border-slate-200 bg-white p-5">
        <p className="text-sm text-slate-600" role="status">
          {t('loading')}
        </p>
        <div className="mt-4 space-y-3" aria-hidden="true">
          {CRITERIA.map((c) => (
            <div key={c} className="h-8 animate-pulse rounded bg-slate-100" />
          ))}
        </div>
      </section>
    )
  }
  if (state === 'gone') {
    return (
      <section aria-label={t('title')} className="rounded-lg border border-slate-200 bg-white p-5">
        <p className="text-sm text-slate-700">{t('gone')}</p>
      </section>
    )
  }
  if (!data) {
    return (
      <section aria-label={t('title')} className="rounded-lg border border-red-200 bg-white p-5">
        <p role="alert" className="text-sm text-red-800">
          {t('loadFailed')}
        </p>
        <Button variant="secondary" className="mt-3" onClick={() => void load()}>
          {t('retry')}
        </Button>
      </section>
    )
  }

  const editable = canScore && data.canScore
  return (
    <section aria-labelledby={`${uid}-title`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 p-5">
        <div className="min-w-0">
          <h2 id={`${uid}-title`} className="text-base font-semibold text-slate-900">
            {t('title')}
          </h2>
          <p className="mt-1 max-w-prose text-sm text-slate-600">{editable ? t('lead') : t('readOnly')}</p>
        </div>
        <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
          <div>
            <dt className="text-xs font-medium text-slate-600">{t('summary')}</dt>
            <dd className="mt-0.5 flex items-center gap-2">
              <span className="text-xl font-semibold tabular-nums text-slate-900">{fmt(data.score)}</span>
              <span className="text-slate-600">{t('people', { count: data.people })}</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600" title={t('healthHelp')}>
              {t('health')}
            </dt>
            <dd className="mt-0.5" data-testid="panel-health">
              {data.health == null ? (
                <span className="text-slate-600">{t('noHealth')}</span>
              ) : (
                <span className={`text-xl font-semibold tabular-nums ${data.health < 50 ? 'text-red-800' : data.health < 75 ? 'text-amber-900' : 'text-emerald-800'}`}>{t('healthOf', { health: fmt(data.health, 0) })}</span>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">{t('priority')}</dt>
            <dd className="mt-0.5" data-testid="panel-priority">
              {data.priority == null ? (
                <span className="text-slate-600">{t('noPriority')}</span>
              ) : (
                <span className="text-xl font-semibold tabular-nums text-indigo-800">{t('priorityOf', { priority: fmt(data.priority) })}</span>
              )}
            </dd>
          </div>
        </dl>
        {data.reasons.length > 0 && (
          <div className="w-full space-y-1">
            <RankReasons reasons={data.reasons} className="text-sm text-indigo-900" />
            <p className="text-xs text-slate-600">{t('insights', { count: data.openInsights })}</p>
          </div>
        )}
      </header>

      <div className="divide-y divide-slate-100">
        {CRITERIA.map((c) => {
          const agg = data.criteria[c]
          return (
            <div key={c} className="grid gap-3 px-5 py-4 md:grid-cols-[minmax(0,1fr)_auto_10rem] md:items-center">
              <div className="min-w-0">
                <p id={`${uid}-${c}-label`} className="text-sm font-medium text-slate-900">
                  {tr(`criteria.${c}`)}
                </p>
                <p id={`${uid}-${c}-help`} className="text-sm text-slate-600">
                  {tr(`questions.${c}`)}
                </p>
              </div>
              {editable ? (
                <Scale
                  name={`${uid}-${c}`}
                  labelledBy={`${uid}-${c}-label`}
                  describedBy={`${uid}-${c}-help`}
                  value={data.mine[c]}
                  onPick={(v) => void score(c, v)}
                  clearLabel={t('clearLabel', { criterion: tr(`criteria.${c}`).toLowerCase() })}
                  legend={t('yourScore')}
                />
              ) : (
                <span />
              )}
              <TeamAggregate mean={agg.mean} count={agg.count} spread={agg.spread} />
            </div>
          )
        })}
      </div>

      <div className="border-t border-slate-200 bg-slate-50/60 p-5">
        <h3 className="text-sm font-semibold text-slate-900">{t('estimates')}</h3>
        <p className="mt-1 text-sm text-slate-600">{t('estimatesLead')}</p>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          {(['importance', 'effort'] as const).map((what) => (
            <div key={what}>
              <p id={`${uid}-${what}-label`} className="text-sm font-medium text-slate-900">
                {t(what)}
              </p>
              <p id={`${uid}-${what}-help`} className="mb-2 text-sm text-slate-600">
                {t(`${what}Help`)}
              </p>
              {editable ? (
                <Scale
                  name={`${uid}-${what}`}
                  labelledBy={`${uid}-${what}-label`}
                  describedBy={`${uid}-${what}-help`}
                  value={data[what]}
                  onPick={(v) => void estimate(what, v)}
                  clearLabel={t('clearEstimate', { what: t(what).toLowerCase() })}
                  legend={t(what)}
                  lowHigh={[t(`${what}Low`), t(`${what}High`)]}
                />
              ) : (
                <p className="text-sm font-semibold text-slate-900">{data[what] ?? t('notEstimated')}</p>
              )}
              {editable && data[what] == null && <p className="mt-1 text-xs text-slate-600">{t('notEstimated')}</p>}
            </div>
          ))}
        </div>
      </div>

      <p
        role={status?.kind === 'error' ? 'alert' : 'status'}
        aria-live={status?.kind === 'error' ? 'assertive' : 'polite'}
        className={`min-h-6 px-5 pb-4 text-sm ${status?.kind === 'error' ? 'font-medium text-red-800' : 'text-slate-600'}`}
      >
        {status?.text ?? ''}
      </p>
    </section>
  )
}

function TeamAggregate({ mean, count, spread }: { mean: number | null; count: number; spread: number | null }) {
  const t = useTranslations('evaluation.panel')
  if (mean == null) return <p className="text-sm text-slate-600 md:text-right">{t('noScores')}</p>
  return (
    <div className="text-sm md:text-right">
      <p className="font-semibold tabular-nums text-slate-900">
        <span aria-hidden="true">
          {fmt(mean)} <span className="font-normal text-slate-600">· {count}</span>
        </span>
        <span className="sr-only">{t('teamMean', { mean: fmt(mean), count })}</span>
      </p>
      <div className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-slate-200 md:ml-auto md:w-28" aria-hidden="true">
        <div className="h-full rounded-full bg-indigo-600" style={{ width: `${((mean - 1) / 4) * 100}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600" title={t('spreadHelp')}>
        {t('spread', { spread: fmt(spread) })}
      </p>
    </div>
  )
}

/** A 1-5 radio group (arrow keys move between the options, as native radios do) and a clear button. */
function Scale({
  name,
  labelledBy,
  describedBy,
  value,
  onPick,
  clearLabel,
  legend,
  lowHigh,
}: {
  name: string
  labelledBy: string
  describedBy: string
  value: number | null
  onPick: (v: number | null) => void
  clearLabel: string
  legend: string
  lowHigh?: [string, string]
}) {
  const t = useTranslations('evaluation.panel')
  return (
    <div className="flex items-center gap-2">
      <div role="radiogroup" aria-labelledby={labelledBy} aria-describedby={describedBy} className="flex gap-1">
        <span className="sr-only">{legend}</span>
        {STEPS.map((n) => (
          <label key={n} className="relative block">
            <input
              type="radio"
              name={name}
              value={n}
              checked={value === n}
              onChange={() => onPick(n)}
              aria-label={`${t('scoreOption', { n })}${n === SCORE_MIN ? ` (${lowHigh?.[0] ?? t('low')})` : n === SCORE_MAX ? ` (${lowHigh?.[1] ?? t('high')})` : ''}`}
              className="peer absolute inset-0 z-10 h-full w-full cursor-pointer appearance-none opacity-0"
            />
            <span
              aria-hidden="true"
              className="flex h-9 w-9 cursor-pointer select-none items-center justify-center rounded-md border border-slate-300 bg-white text-sm font-semibold text-slate-800 transition-colors hover:border-indigo-400 hover:bg-indigo-50 peer-checked:border-indigo-700 peer-checked:bg-indigo-700 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600"
            >
              {n}
            </span>
          </label>
        ))}
      </div>
      <button
        type="button"
        onClick={() => onPick(null)}
        disabled={value == null}
        aria-label={clearLabel}
        className="rounded-md px-2 py-1.5 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:invisible"
      >
        {t('clear')}
      </button>
    </div>
  )
}
