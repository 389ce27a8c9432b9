'use client'

import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useId, useState, type ReactNode } from 'react'
import { assignInsightAction, linkTouchpointsAction, mergeInsightAction, setInsightStatusAction } from '@/app/w/[slug]/insights/actions'
import { ActionForm, useFormResult } from '@/components/forms/action-form'
import { SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { useSignal } from '@/components/live/use-signal'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/actions/define-action'
import { calendarDay } from '@/lib/i18n/formats'
import type { FeedPage } from '@/lib/insights/feed'
import { INSIGHT_STATUSES, LIMITS, STATUSES_NEEDING_NOTE, type InsightStatus } from '@/lib/insights/model'
import type { SuggestedDuplicate, SuggestedTouchpoint, Suggestions } from '@/lib/insights/suggestions'
import type { InsightDetail } from '@/lib/insights/triage'
import { InsightBadges } from './badges'
import { TouchpointPicker, type PickedTouchpoint } from './touchpoint-picker'

type Props = {
  workspaceId: string
  slug: string
  insight: InsightDetail
  members: { id: string; name: string }[]
  canTriage: boolean
  comments: ReactNode
  /** Suggested touchpoints (when none is linked) and possible duplicates, for those who triage (lib/insights/suggestions.ts). */
  suggestions?: Suggestions | null
}

/** One insight: what was learned, where, and (for managers) its triage: status, assignee, touchpoints, merge. */
export function InsightDetailView({ workspaceId, slug, insight, members, canTriage, comments, suggestions }: Props) {
  const t = useTranslations('insights')
  const format = useFormatter()
  const router = useRouter()
  useSignal(workspaceId, 'insights', () => router.refresh())
  const merged = insight.mergedInto
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <article className="min-w-0 space-y-5">
        <nav aria-label={t('detail.breadcrumb')}>
          <Link href={`/w/${slug}/insights`} className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
            ← {t('detail.back')}
          </Link>
        </nav>
        <header className="space-y-2">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{insight.title}</h1>
          <InsightBadges item={insight} />
          <p className="text-sm text-slate-600">
            {insight.author ? t('detail.addedBy', { name: insight.author.name }) : t(`via.${insight.via === 'api' ? 'api' : 'import'}`)} ·{' '}
            <time dateTime={insight.createdAt}>{format.dateTime(new Date(insight.createdAt), 'dateTime')}</time>
            {insight.observedOn && <> · {t('detail.observedOn', { date: format.dateTime(calendarDay(insight.observedOn), 'day') })}</>}
          </p>
        </header>
        {merged && (
          <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t('detail.mergedInto')}{' '}
            <Link href={`/w/${slug}/insights/${merged.id}`} className="font-medium underline">
              {merged.title}
            </Link>
          </p>
        )}
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          {insight.body ? <p className="whitespace-pre-wrap text-sm leading-6 text-slate-800">{insight.body}</p> : <p className="text-sm text-slate-500">{t('detail.noBody')}</p>}
          {insight.sourceUrl && (
            <p className="mt-3 text-sm">
              <a href={insight.sourceUrl} target="_blank" rel="noopener noreferrer nofollow" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                {t('detail.openSource')}
              </a>
            </p>
          )}
          <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="font-medium text-slate-700">{t('detail.touchpoints')}</dt>
              <dd className="mt-1 text-slate-800" data-testid="insight-touchpoints">
                {insight.touchpoints.length ? (
                  <ul className="flex flex-wrap gap-1.5">
                    {insight.touchpoints.map((tp) => (
                      <li key={tp.id}>
                        <Link href={`/w/${slug}/touchpoints/${tp.id}`} className="rounded-full bg-slate-100 px-2.5 py-0.5 hover:bg-slate-200">
                          {tp.name}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-slate-500">{t('detail.noTouchpoints')}</span>
                )}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-slate-700">{t('detail.segments')}</dt>
              <dd className="mt-1 text-slate-800">{insight.segments.length ? insight.segments.map((s) => `${s.name} (${s.mapName})`).join(', ') : <span className="text-slate-500">—</span>}</dd>
            </div>
            <div>
              <dt className="font-medium text-slate-700">{t('detail.topics')}</dt>
              <dd className="mt-1 text-slate-800">{insight.topics.length ? `#${insight.topics.join(' #')}` : <span className="text-slate-500">—</span>}</dd>
            </div>
            <div>
              <dt className="font-medium text-slate-700">{t('detail.assignee')}</dt>
              <dd className="mt-1 text-slate-800" data-testid="insight-assignee">
                {insight.assignee?.name ?? <span className="text-slate-500">{t('feed.unassignedShort')}</span>}
              </dd>
            </div>
            {insight.resolution && (
              <div className="sm:col-span-2">
                <dt className="font-medium text-slate-700">{t('detail.resolution')}</dt>
                <dd className="mt-1 whitespace-pre-wrap text-slate-800">{insight.resolution}</dd>
              </div>
            )}
          </dl>
          {insight.duplicates.length > 0 && (
            <div className="mt-4 text-sm">
              <h2 className="font-medium text-slate-700">{t('detail.duplicates', { count: insight.duplicates.length })}</h2>
              <ul className="mt-1 list-inside list-disc text-slate-700">
                {insight.duplicates.map((d) => (
                  <li key={d.id}>
                    <Link href={`/w/${slug}/insights/${d.id}`} className="hover:underline">
                      {d.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
        <section aria-label={t('detail.comments')}>{comments}</section>
      </article>

      {canTriage && !merged && (
        <aside aria-label={t('triage.title')} className="space-y-4">
          <StatusCard workspaceId={workspaceId} insight={insight} onDone={() => router.refresh()} />
          <AssigneeCard workspaceId={workspaceId} insight={insight} members={members} onDone={() => router.refresh()} />
          <TouchpointsCard workspaceId={workspaceId} insight={insight} suggested={suggestions?.touchpoints ?? []} onDone={() => router.refresh()} />
          <MergeCard workspaceId={workspaceId} insight={insight} duplicates={suggestions?.duplicates ?? []} onDone={() => router.refresh()} />
        </aside>
      )}
    </div>
  )
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={id} className="text-sm font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  )
}

function ResolutionField({ status, initial }: { status: InsightStatus; initial: string }) {
  const t = useTranslations('insights.triage')
  const { result } = useFormResult()
  const errors = result && !result.ok ? result.fieldErrors?.resolution : undefined
  const needed = STATUSES_NEEDING_NOTE.includes(status)
  return (
    <div className="space-y-1.5">
      <label htmlFor="insight-resolution" className="block text-sm font-medium text-slate-800">
        {t('resolution')} {needed && <span className="text-xs font-normal text-slate-500">({t('required')})</span>}
      </label>
      <textarea
        id="insight-resolution"
        name="resolution"
        rows={3}
        defaultValue={initial}
        maxLength={LIMITS.resolution}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? 'insight-resolution-error' : 'insight-resolution-hint'}
        className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-indigo-600 ${errors ? 'border-red-500' : 'border-slate-300'}`}
      />
      {errors ? (
        <p id="insight-resolution-error" className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : (
        <p id="insight-resolution-hint" className="text-xs text-slate-500">
          {needed ? t('resolutionNeeded') : t('resolutionHint')}
        </p>
      )}
    </div>
  )
}

function StatusCard({ workspaceId, insight, onDone }: { workspaceId: string; insight: InsightDetail; onDone: () => void }) {
  const t = useTranslations('insights')
  const [status, setStatus] = useState<InsightStatus>(insight.status)
  return (
    <Panel title={t('triage.status')}>
      <ActionForm action={setInsightStatusAction} hidden={{ workspaceId, insightId: insight.id }} success={t('triage.saved')} onSuccess={onDone} aria-label={t('triage.status')}>
        <SelectField name="status" label={t('triage.status')} hideLabel value={status} onChange={(e) => setStatus(e.currentTarget.value as InsightStatus)}>
          {INSIGHT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <ResolutionField status={status} initial={insight.resolution} />
        <SubmitButton>{t('triage.saveStatus')}</SubmitButton>
      </ActionForm>
    </Panel>
  )
}

function AssigneeCard({ workspaceId, insight, members, onDone }: { workspaceId: string; insight: InsightDetail; members: { id: string; name: string }[]; onDone: () => void }) {
  const t = useTranslations('insights')
  return (
    <Panel title={t('triage.assignee')}>
      <ActionForm action={assignInsightAction} hidden={{ workspaceId, insightId: insight.id }} success={t('triage.saved')} onSuccess={onDone} aria-label={t('triage.assignee')} className="space-y-3">
        <SelectField name="assigneeId" label={t('triage.assignee')} hideLabel defaultValue={insight.assignee?.id ?? 'none'}>
          <option value="none">{t('filters.unassigned')}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <SubmitButton>{t('triage.assign')}</SubmitButton>
      </ActionForm>
    </Panel>
  )
}

function TouchpointsCard({ workspaceId, insight, suggested, onDone }: { workspaceId: string; insight: InsightDetail; suggested: SuggestedTouchpoint[]; onDone: () => void }) {
  const t = useTranslations('insights')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (change: { add?: string[]; remove?: string[] }) => {
    setBusy(true)
    const r: ActionResult = await linkTouchpointsAction({ workspaceId, insightId: insight.id, ...change })
    setBusy(false)
    setError(r.ok ? null : r.fieldErrors ? Object.values(r.fieldErrors).flat().join(' ') : r.error)
    if (r.ok) onDone()
  }
  return (
    <Panel title={t('triage.touchpoints')}>
      <p className="mb-2 text-xs text-slate-500">{t('triage.touchpointsHint')}</p>
      <TouchpointPicker
        workspaceId={workspaceId}
        label={t('triage.linkTouchpoint')}
        value={insight.touchpoints as PickedTouchpoint[]}
        onChange={(next) => {
          if (busy) return
          const before = new Set(insight.touchpoints.map((x) => x.id))
          const after = new Set(next.map((x) => x.id))
          const add = [...after].filter((x) => !before.has(x))
          const remove = [...before].filter((x) => !after.has(x))
          void run({ add, remove })
        }}
      />
      {suggested.length > 0 && insight.touchpoints.length === 0 && (
        <div className="mt-3">
          <h3 className="text-xs font-semibold text-slate-700">{t('triage.suggested')}</h3>
          <ul className="mt-1 space-y-1" aria-label={t('triage.suggested')} data-testid="suggested-touchpoints">
            {suggested.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0 truncate" title={s.channel ? `${s.name} · ${s.channel}` : s.name}>
                  {s.name}
                </span>
                <Button variant="secondary" className="flex-none px-2 py-1 text-xs" disabled={busy} onClick={() => void run({ add: [s.id] })}>
                  {t('triage.linkSuggested')} <span className="sr-only">{s.name}</span>
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Panel>
  )
}

function MergeCard({ workspaceId, insight, duplicates, onDone }: { workspaceId: string; insight: InsightDetail; duplicates: SuggestedDuplicate[]; onDone: () => void }) {
  const t = useTranslations('insights')
  const id = useId()
  const [q, setQ] = useState('')
  const [results, setResults] = useState<FeedPage['items']>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const ctrl = new AbortController()
    const h = setTimeout(async () => {
      if (!q.trim()) return setResults([])
      try {
        const res = await fetch(`/api/workspaces/${workspaceId}/insights?${new URLSearchParams({ q: q.trim(), limit: '8' })}`, { signal: ctrl.signal })
        if (res.ok) setResults(((await res.json()) as FeedPage).items.filter((i) => i.id !== insight.id))
      } catch {
        /* aborted */
      }
    }, 250)
    return () => {
      clearTimeout(h)
      ctrl.abort()
    }
  }, [q, workspaceId, insight.id])
  const merge = async (target: { id: string; title: string }) => {
    if (!window.confirm(t('triage.mergeConfirm', { title: target.title }))) return
    const r = await mergeInsightAction({ workspaceId, insightId: insight.id, targetId: target.id })
    if (!r.ok) return setError(r.fieldErrors ? Object.values(r.fieldErrors).flat().join(' ') : r.error)
    setError(null)
    onDone()
  }
  return (
    <Panel title={t('triage.merge')}>
      <p className="mb-2 text-xs text-slate-500">{t('triage.mergeHint')}</p>
      {duplicates.length > 0 && (
        <div className="mb-3">
          <h3 className="text-xs font-semibold text-slate-700">{t('triage.possibleDuplicates')}</h3>
          <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-amber-200 bg-amber-50" aria-label={t('triage.possibleDuplicates')} data-testid="possible-duplicates">
            {duplicates.map((d) => (
              <li key={d.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
                <span className="min-w-0 truncate" title={d.title}>
                  {d.title}
                </span>
                <Button variant="secondary" className="flex-none px-2 py-1 text-xs" onClick={() => void merge(d)}>
                  {t('triage.mergeInto')} <span className="sr-only">{d.title}</span>
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <label htmlFor={`${id}-q`} className="sr-only">
        {t('triage.mergeSearch')}
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        placeholder={t('triage.mergeSearch')}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-indigo-600"
      />
      {results.length > 0 && (
        <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={t('triage.mergeResults')}>
          {results.map((r) => (
            <li key={r.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0 truncate" title={r.title}>
                {r.title}
              </span>
              <Button variant="secondary" className="flex-none px-2 py-1 text-xs" onClick={() => void merge(r)}>
                {t('triage.mergeInto')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {q.trim() && results.length === 0 && <p className="mt-2 text-xs text-slate-500">{t('triage.mergeNone')}</p>}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Panel>
  )
}
