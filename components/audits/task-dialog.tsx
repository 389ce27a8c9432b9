'use client'

import { useTranslations } from 'next-intl'
import Link from 'next/link'
import { useEffect, useId, useRef, useState } from 'react'
import { answerTaskAction, reviewTaskAction } from '@/app/w/[slug]/audits/actions'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/actions/define-action'
import type { Checklist } from '@/lib/audits/vocabulary'
import type { TaskView } from '@/lib/audits/queries'

type Errors = Record<string, string[] | undefined>

/**
 * One review task in a modal dialog: the owner's checklist (save a draft,
 * or sign off), a manager's decision on a signed-off review (approve, or
 * send back with a note), or the answers read-only.
 */
export function TaskDialog({ task, workspaceId, slug, canManage, campaignOpen, onClose, onChanged }: {
  task: TaskView
  workspaceId: string
  slug: string
  canManage: boolean
  campaignOpen: boolean
  onClose: () => void
  onChanged: () => void
}) {
  const t = useTranslations('audits.task')
  const ts = useTranslations('audits.status')
  const uid = useId()
  const ref = useRef<HTMLDialogElement>(null)
  const [c, setC] = useState<Checklist>(task.checklist ?? {})
  const [note, setNote] = useState(task.note)
  const [decisionNote, setDecisionNote] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, setPending] = useState<string | null>(null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])

  const deciding = campaignOpen && canManage && task.status === 'submitted'
  const editable = task.canAnswer

  async function run(kind: string, call: () => Promise<ActionResult<unknown>>, done: string) {
    setPending(kind)
    setMessage(null)
    setErrors({})
    try {
      const r = await call()
      if (r.ok) {
        setMessage({ ok: true, text: done })
        onChanged()
      } else {
        setErrors(r.fieldErrors ?? {})
        setMessage({ ok: false, text: r.fieldErrors ? Object.values(r.fieldErrors).flat()[0] ?? r.error : r.error })
      }
    } catch {
      setMessage({ ok: false, text: t('failed') })
    } finally {
      setPending(null)
    }
  }

  const answer = (signOff: boolean) =>
    run(signOff ? 'signOff' : 'save', () => answerTaskAction({ workspaceId, taskId: task.id, checklist: c, note, signOff }), signOff ? t('signedOff') : t('saved'))
  const decide = (decision: 'approve' | 'return') =>
    run(decision, () => reviewTaskAction({ workspaceId, taskId: task.id, decision, note: decisionNote }), decision === 'approve' ? t('approved') : t('returned'))

  const err = (k: string) => errors[`checklist.${k}`]?.join(' ')
  const check = (k: 'accurate' | 'scoresRefreshed' | 'processesCurrent') => (
    <div>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          checked={c[k] === true}
          disabled={!editable}
          onChange={(e) => setC({ ...c, [k]: e.currentTarget.checked })}
          aria-invalid={err(k) ? true : undefined}
          aria-describedby={err(k) ? `${uid}-${k}-error` : undefined}
          className="mt-0.5 h-4 w-4 rounded border-slate-400 text-indigo-700 focus:outline-2 focus:outline-indigo-600"
        />
        {t(k)}
      </label>
      {err(k) && (
        <p id={`${uid}-${k}-error`} className="ml-6 text-sm text-red-700">
          {err(k)}
        </p>
      )}
    </div>
  )

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${uid}-title`}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close()
      }}
      className="m-0 ml-auto h-dvh max-h-none w-full max-w-xl overflow-y-auto bg-white p-0 shadow-2xl backdrop:bg-slate-900/40"
      data-testid="task-dialog"
    >
      <div className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-5 py-3">
        <div className="min-w-0">
          <h2 id={`${uid}-title`} className="break-words text-lg font-semibold text-slate-900">
            {t('title', { name: task.touchpointName })}
          </h2>
          <p className="text-sm text-slate-600">{ts(task.status)}</p>
        </div>
        <Button variant="secondary" className="!py-1" onClick={() => ref.current?.close()}>
          {t('close')}
        </Button>
      </div>
      <div className="space-y-5 px-5 py-4">
        <Link href={`/w/${slug}/touchpoints/${encodeURIComponent(task.touchpointId)}`} className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          {t('touchpointLink')}
        </Link>
        {task.status === 'returned' && task.reviewNote && <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t('returnedNote', { note: task.reviewNote })}</p>}
        {!editable && !deciding && task.status !== 'approved' && task.status !== 'submitted' && <p className="text-sm text-slate-600">{t('readOnly')}</p>}
        {task.submittedBy && task.status !== 'open' && <p className="text-sm text-slate-600">{t('submittedBy', { name: task.submittedBy })}</p>}

        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-semibold text-slate-900">{t('checklist')}</legend>
          {check('accurate')}
          {check('scoresRefreshed')}
          <fieldset aria-describedby={err('relevant') ? `${uid}-relevant-error` : undefined}>
            <legend className="text-sm text-slate-800">{t('relevant')}</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {(['keep', 'retire'] as const).map((v) => (
                <label key={v} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="radio"
                    name={`${uid}-relevant`}
                    checked={c.relevant === v}
                    disabled={!editable}
                    onChange={() => setC({ ...c, relevant: v })}
                    className="h-4 w-4 border-slate-400 text-indigo-700 focus:outline-2 focus:outline-indigo-600"
                  />
                  {t(v)}
                </label>
              ))}
            </div>
            {err('relevant') && (
              <p id={`${uid}-relevant-error`} className="text-sm text-red-700">
                {err('relevant')}
              </p>
            )}
          </fieldset>
          {check('processesCurrent')}
          <div className="space-y-1">
            <label htmlFor={`${uid}-new`} className="block text-sm text-slate-800">
              {t('newTouchpoints')}
            </label>
            <input
              id={`${uid}-new`}
              value={c.newTouchpoints ?? ''}
              disabled={!editable}
              maxLength={2000}
              onChange={(e) => setC({ ...c, newTouchpoints: e.currentTarget.value })}
              aria-invalid={err('newTouchpoints') ? true : undefined}
              aria-describedby={`${uid}-new-hint`}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600 disabled:bg-slate-50"
            />
            <p id={`${uid}-new-hint`} className={`text-xs ${err('newTouchpoints') ? 'text-red-700' : 'text-slate-500'}`}>
              {err('newTouchpoints') ?? t('newTouchpointsHint')}
            </p>
          </div>
          <div className="space-y-1">
            <label htmlFor={`${uid}-note`} className="block text-sm text-slate-800">
              {t('note')}
            </label>
            <textarea
              id={`${uid}-note`}
              value={note}
              disabled={!editable}
              maxLength={2000}
              rows={3}
              onChange={(e) => setNote(e.currentTarget.value)}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600 disabled:bg-slate-50"
            />
          </div>
        </fieldset>

        {editable && (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void answer(true)} disabled={!!pending}>
              {pending === 'signOff' ? t('signingOff') : t('signOff')}
            </Button>
            <Button variant="secondary" onClick={() => void answer(false)} disabled={!!pending}>
              {pending === 'save' ? t('saving') : t('save')}
            </Button>
          </div>
        )}

        {deciding && (
          <div className="space-y-3 border-t border-slate-200 pt-4">
            <div className="space-y-1">
              <label htmlFor={`${uid}-decision`} className="block text-sm font-medium text-slate-800">
                {t('decisionNote')}
              </label>
              <textarea
                id={`${uid}-decision`}
                value={decisionNote}
                maxLength={2000}
                rows={2}
                onChange={(e) => setDecisionNote(e.currentTarget.value)}
                aria-invalid={errors.note ? true : undefined}
                aria-describedby={`${uid}-decision-hint`}
                className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
              />
              <p id={`${uid}-decision-hint`} className={`text-xs ${errors.note ? 'text-red-700' : 'text-slate-500'}`}>
                {errors.note?.join(' ') ?? t('decisionNoteHint')}
              </p>
            </div>
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => void decide('approve')} disabled={!!pending}>
                {pending === 'approve' ? t('deciding') : t('approve')}
              </Button>
              <Button variant="secondary" onClick={() => void decide('return')} disabled={!!pending}>
                {pending === 'return' ? t('deciding') : t('sendBack')}
              </Button>
            </div>
          </div>
        )}

        <p role={message && !message.ok ? 'alert' : 'status'} className={`min-h-5 text-sm ${message?.ok === false ? 'font-medium text-red-800' : 'text-emerald-800'}`}>
          {message?.text ?? ''}
        </p>
      </div>
    </dialog>
  )
}
