'use client'

import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import { useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { closeCampaignAction } from '@/app/w/[slug]/audits/actions'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { Button, buttonClass } from '@/components/ui/button'
import type { CampaignDetail, Comparison, TaskView } from '@/lib/audits/queries'
import { ChangeList } from './change-list'
import { ProgressBar } from './progress-bar'
import { TaskDialog } from './task-dialog'

const STATUS_STYLE: Record<TaskView['status'], string> = {
  open: 'bg-slate-100 text-slate-800',
  submitted: 'bg-sky-100 text-sky-900',
  approved: 'bg-emerald-100 text-emerald-900',
  returned: 'bg-amber-100 text-amber-900',
}

/** One audit: progress (overall and per department), the reviews, what changed since the last audit. */
export function CampaignView({ c, changed, workspaceId, slug }: { c: CampaignDetail; changed: Comparison; workspaceId: string; slug: string }) {
  const t = useTranslations('audits')
  const format = useFormatter()
  const router = useRouter()
  const params = useSearchParams()
  const [openTask, setOpenTask] = useState<string | null>(params.get('task'))
  const [mine, setMine] = useState(false)
  const date = (iso: string) => format.dateTime(new Date(iso), 'date')
  const p = c.progress
  const task = c.tasks.find((x) => x.id === openTask)
  const shown = mine ? c.tasks.filter((x) => x.mine) : c.tasks
  const isOpen = c.status === 'open'

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href={`/w/${slug}/audits`} className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {t('campaign.back')}
        </Link>
        <div className="flex flex-wrap gap-2">
          {!isOpen && (
            <Link href={`/w/${slug}/audits/${c.id}/snapshot`} className={buttonClass('secondary')}>
              {t('campaign.asItWas')}
            </Link>
          )}
          {isOpen && c.canManage && (
            <ActionForm action={closeCampaignAction} hidden={{ workspaceId, campaignId: c.id }} confirm={t('campaign.closeConfirm')} onSuccess={() => router.refresh()} className="">
              <SubmitButton variant="secondary" pendingLabel={t('campaign.closing')}>
                {t('campaign.close')}
              </SubmitButton>
            </ActionForm>
          )}
        </div>
      </div>

      <section aria-labelledby="progress-title" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="progress-title" className="text-base font-semibold text-slate-900">
            {t('campaign.progressTitle')}
          </h2>
          <p className="text-sm text-slate-600">
            <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-semibold ${isOpen ? 'bg-indigo-100 text-indigo-900' : 'bg-slate-200 text-slate-800'}`}>{isOpen ? t('campaign.openBadge') : t('campaign.closedBadge')}</span>
            {t('campaign.openedOn', { date: date(c.openedAt) })} · {t('open.due', { date: date(c.dueAt) })}
            {c.closedAt && ` · ${t('campaign.closedOn', { date: date(c.closedAt) })}`}
          </p>
        </div>
        <ProgressBar progress={p} label={t('open.progressLabel', { approved: p.approved, total: p.total })} className="mt-4 h-3" />
        <p className="mt-2 text-sm font-medium text-slate-800" data-testid="campaign-progress">
          {t('open.progress', { approved: p.approved, total: p.total })}
        </p>
        <p className="text-xs text-slate-600">{t('campaign.counts', { open: p.open, submitted: p.submitted, returned: p.returned, approved: p.approved })}</p>
        {p.overdue > 0 && <p className="mt-1 text-sm font-medium text-red-800">{t('open.overdue', { count: p.overdue })}</p>}
        {isOpen ? <p className="mt-2 text-xs text-slate-500">{t('campaign.live')}</p> : <p className="mt-2 text-sm text-slate-700">{t('campaign.closedNote')}</p>}
        {c.departments.length > 1 && (
          <div className="mt-5">
            <h3 className="text-sm font-semibold text-slate-900">{t('campaign.byDepartment')}</h3>
            <ul className="mt-2 space-y-3" data-testid="department-progress">
              {c.departments.map((d) => (
                <li key={d.name ?? ''} className="grid grid-cols-1 gap-1 sm:grid-cols-[12rem_minmax(0,1fr)_8rem] sm:items-center sm:gap-3">
                  <span className="truncate text-sm text-slate-800">{d.name ?? t('campaign.noDepartment')}</span>
                  <ProgressBar progress={d.progress} label={`${d.name ?? t('campaign.noDepartment')}: ${t('open.progressLabel', { approved: d.progress.approved, total: d.progress.total })}`} />
                  <span className="text-xs tabular-nums text-slate-600">{t('open.progress', { approved: d.progress.approved, total: d.progress.total })}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="tasks-title" className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-5 py-3">
          <h2 id="tasks-title" className="text-base font-semibold text-slate-900">
            {t('campaign.tasksTitle')}
          </h2>
          <div role="group" aria-label={t('campaign.tasksTitle')} className="flex gap-1">
            <Button variant={mine ? 'ghost' : 'secondary'} className="!py-1" aria-pressed={!mine} onClick={() => setMine(false)}>
              {t('campaign.filterAll')}
            </Button>
            <Button variant={mine ? 'secondary' : 'ghost'} className="!py-1" aria-pressed={mine} onClick={() => setMine(true)}>
              {t('campaign.filterMine')}
            </Button>
          </div>
        </div>
        <ul className="divide-y divide-slate-100" data-testid="tasks">
          {shown.map((x) => {
            const action = x.canAnswer ? 'review' : isOpen && c.canManage && x.status === 'submitted' ? 'decide' : 'view'
            return (
              <li key={x.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3" data-task={x.touchpointName}>
                <div className="min-w-0 flex-1 basis-56">
                  <p className="break-words font-medium text-slate-900">{x.touchpointName}</p>
                  <p className="text-sm text-slate-600">
                    {x.assignee ?? (x.department ? t('campaign.department', { name: x.department }) : t('campaign.noOwner'))}
                  </p>
                </div>
                <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[x.status]}`} data-testid="task-status">
                  {t(`status.${x.status}`)}
                </span>
                {x.overdue && <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">{t('campaign.overdueBadge')}</span>}
                <Button
                  variant={action === 'view' ? 'ghost' : 'secondary'}
                  className="!py-1"
                  onClick={() => setOpenTask(x.id)}
                  aria-label={t(`campaign.${action}Named`, { name: x.touchpointName })}
                >
                  {t(`campaign.${action}`)}
                </Button>
              </li>
            )
          })}
        </ul>
      </section>

      <section aria-labelledby="changes-title" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="changes-title" className="text-base font-semibold text-slate-900">
          {t('changes.title')}
        </h2>
        {changed.before ? (
          <>
            <p className="mb-3 mt-1 text-sm text-slate-600">{t('changes.since', { name: changed.before.name, date: date(changed.before.at) })}</p>
            <ChangeList changes={changed.changes} slug={slug} />
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{t('changes.noBase')}</p>
        )}
      </section>

      {task && (
        <TaskDialog
          key={task.id}
          task={task}
          workspaceId={workspaceId}
          slug={slug}
          canManage={c.canManage}
          campaignOpen={isOpen}
          onClose={() => setOpenTask(null)}
          onChanged={() => router.refresh()}
        />
      )}
    </div>
  )
}
