'use client'

import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { openCampaignAction, removeScheduleAction, setScheduleAction } from '@/app/w/[slug]/audits/actions'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Icon } from '@/components/shell/icons'
import { buttonClass } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { CADENCES, DUE_DAYS_DEFAULT, INTERVAL_DAYS_MAX, type Cadence } from '@/lib/audits/vocabulary'
import type { AuditsOverview as Data, CampaignSummary } from '@/lib/audits/queries'
import { ProgressBar } from './progress-bar'

const today = () => new Date().toISOString().slice(0, 10)
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

/** The Audits page: open audits with their progress, the schedules, the closed audits, and (managers) the forms to start and schedule. */
export function AuditsOverview({ data, workspaceId, slug }: { data: Data; workspaceId: string; slug: string }) {
  const t = useTranslations('audits')
  const format = useFormatter()
  const router = useRouter()
  const base = `/w/${slug}/audits`
  const [cadence, setCadence] = useState<Cadence>('quarterly')
  const nothing = data.open.length === 0 && data.closed.length === 0 && data.schedules.length === 0
  // The forms start open on an empty page and stay as the person leaves them (a refresh after saving must not fold them away).
  const [formsOpen] = useState(nothing)
  const scopeOf = (mapId: string | null, scope: string | null) => (mapId ? t('scope.map', { name: scope ?? '' }) : t('scope.workspaceShort'))
  const date = (iso: string) => format.dateTime(new Date(iso), 'date')

  const scopeOptions = (
    <>
      <option value="">{t('scope.workspace')}</option>
      {data.maps.map((m) => (
        <option key={m.id} value={m.id}>
          {t('scope.map', { name: m.name })}
        </option>
      ))}
    </>
  )

  return (
    <div className="space-y-8">
      {data.canManage && (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Disclosure title={t('start.title')} open={formsOpen}>
            <ActionForm action={openCampaignAction} hidden={{ workspaceId }} success={t('start.done')} resetOnSuccess onSuccess={() => router.refresh()} aria-label={t('start.title')}>
              <SelectField name="mapId" label={t('scope.label')} defaultValue="">
                {scopeOptions}
              </SelectField>
              <Field name="name" label={t('start.name')} placeholder={t('start.namePlaceholder')} required maxLength={120} />
              <Field name="dueAt" type="date" label={t('start.due')} hint={t('start.dueHint')} defaultValue={inDays(14)} min={today()} required />
              <SubmitButton pendingLabel={t('start.pending')}>{t('start.submit')}</SubmitButton>
            </ActionForm>
          </Disclosure>
          <Disclosure title={t('schedule.title')} open={formsOpen}>
            <ActionForm action={setScheduleAction} hidden={{ workspaceId }} success={t('schedule.done')} onSuccess={() => router.refresh()} aria-label={t('schedule.title')}>
              <SelectField name="mapId" label={t('scope.label')} defaultValue="">
                {scopeOptions}
              </SelectField>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <SelectField name="cadence" label={t('cadence.label')} value={cadence} onChange={(e) => setCadence(e.currentTarget.value as Cadence)}>
                  {CADENCES.map((c) => (
                    <option key={c} value={c}>
                      {t(`cadence.${c}`)}
                    </option>
                  ))}
                </SelectField>
                {cadence === 'custom' && <Field name="intervalDays" type="number" min={1} max={INTERVAL_DAYS_MAX} label={t('schedule.intervalDays')} hint={t('schedule.intervalHint')} required />}
              </div>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <Field name="firstOpenAt" type="date" label={t('schedule.first')} defaultValue={today()} min={today()} required />
                <Field name="dueDays" type="number" min={1} max={365} label={t('schedule.dueDays')} hint={t('schedule.dueDaysHint')} defaultValue={DUE_DAYS_DEFAULT} required />
              </div>
              <SubmitButton pendingLabel={t('schedule.pending')}>{t('schedule.submit')}</SubmitButton>
            </ActionForm>
          </Disclosure>
        </div>
      )}

      {nothing ? (
        <EmptyState title={t('empty.title')} body={data.canManage ? t('empty.body') : t('empty.viewer')} icon={<Icon name="audits" className="h-10 w-10" />} />
      ) : (
        <>
          <section aria-labelledby="open-audits">
            <h2 id="open-audits" className="text-lg font-semibold text-slate-900">
              {t('open.title')}
            </h2>
            {data.open.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t('open.none')}</p>
            ) : (
              <ul className="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="open-audits">
                {data.open.map((c) => (
                  <OpenCard key={c.id} c={c} href={`${base}/${c.id}`} scope={scopeOf(c.mapId, c.scope)} />
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="schedules">
            <h2 id="schedules" className="text-lg font-semibold text-slate-900">
              {t('schedule.listTitle')}
            </h2>
            {data.schedules.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t('schedule.none')}</p>
            ) : (
              <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="schedules">
                {data.schedules.map((s) => (
                  <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{scopeOf(s.mapId, s.scope)}</p>
                      <p className="text-sm text-slate-600">
                        {s.cadence === 'custom' ? t('cadence.every', { days: s.intervalDays ?? 0 }) : t(`cadence.${s.cadence}`)} · {t('schedule.next', { date: date(s.nextOpenAt) })} ·{' '}
                        {t('schedule.dueIn', { days: s.dueDays })}
                      </p>
                    </div>
                    {data.canManage && (
                      <ActionForm action={removeScheduleAction} hidden={{ workspaceId, scheduleId: s.id }} confirm={t('schedule.removeConfirm')} onSuccess={() => router.refresh()} className="">
                        <SubmitButton variant="ghost" className="!py-1">
                          <span aria-hidden="true">{t('schedule.remove')}</span>
                          <span className="sr-only">{t('schedule.removeNamed', { scope: scopeOf(s.mapId, s.scope) })}</span>
                        </SubmitButton>
                      </ActionForm>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="closed-audits">
            <h2 id="closed-audits" className="text-lg font-semibold text-slate-900">
              {t('closed.title')}
            </h2>
            {data.closed.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t('closed.none')}</p>
            ) : (
              <>
                <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="closed-audits">
                  {data.closed.map((c) => (
                    <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                      <div className="min-w-0">
                        <Link href={`${base}/${c.id}`} className="font-medium text-indigo-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                          {c.name}
                        </Link>
                        <p className="text-sm text-slate-600">
                          {scopeOf(c.mapId, c.scope)} · {t('closed.closedOn', { date: date(c.closedAt!) })} · {t('open.progress', { approved: c.progress.approved, total: c.progress.total })}
                        </p>
                      </div>
                      <Link href={`${base}/${c.id}/snapshot`} className={buttonClass('secondary', '!py-1')}>
                        {t('closed.asItWas')}
                      </Link>
                    </li>
                  ))}
                </ul>
                {data.closed.length >= 2 && (
                  <form action={`${base}/compare`} method="get" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
                    <h3 className="basis-full text-sm font-semibold text-slate-900">{t('closed.compare')}</h3>
                    <CompareSelect name="a" label={t('closed.first')} list={data.closed} initial={data.closed[1]!.id} />
                    <CompareSelect name="b" label={t('closed.second')} list={data.closed} initial={data.closed[0]!.id} />
                    <button type="submit" className={buttonClass('secondary')}>
                      {t('closed.compareSubmit')}
                    </button>
                  </form>
                )}
              </>
            )}
          </section>
        </>
      )}
    </div>
  )
}

/** A panel that opens and closes (a form the page offers but does not push). */
function Disclosure({ title, open, children }: { title: string; open: boolean; children: React.ReactNode }) {
  return (
    <details className="group rounded-lg border border-slate-200 bg-white shadow-sm" open={open}>
      <summary className="cursor-pointer list-none rounded-lg px-5 py-4 font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <span className="mr-2 inline-block text-indigo-700 transition-transform group-open:rotate-90" aria-hidden="true">
          ›
        </span>
        {title}
      </summary>
      <div className="border-t border-slate-200 px-5 py-4">{children}</div>
    </details>
  )
}

function CompareSelect({ name, label, list, initial }: { name: string; label: string; list: CampaignSummary[]; initial: string }) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={initial} className="h-9 max-w-full rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600">
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  )
}

function OpenCard({ c, href, scope }: { c: CampaignSummary; href: string; scope: string }) {
  const t = useTranslations('audits')
  const format = useFormatter()
  const p = c.progress
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="open-audit">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <Link href={href} className="break-words text-base font-semibold text-indigo-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
            {c.name}
          </Link>
          <p className="text-sm text-slate-600">{scope}</p>
        </div>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{c.scheduled ? t('open.scheduled') : t('open.byHand')}</span>
      </div>
      <ProgressBar progress={p} label={t('open.progressLabel', { approved: p.approved, total: p.total })} className="mt-4" />
      <p className="mt-2 text-sm text-slate-700" data-testid="audit-progress">
        {t('open.progress', { approved: p.approved, total: p.total })}
      </p>
      <p className="mt-1 text-xs text-slate-600">{t('campaign.counts', { open: p.open, submitted: p.submitted, returned: p.returned, approved: p.approved })}</p>
      <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        {t('open.due', { date: format.dateTime(new Date(c.dueAt), 'date') })}
        {p.overdue > 0 && <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">{t('open.overdue', { count: p.overdue })}</span>}
      </p>
    </li>
  )
}
