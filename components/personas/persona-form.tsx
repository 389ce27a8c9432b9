'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField, TextareaField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/actions/define-action'
import { STRATEGIC_GOALS } from '@/lib/maps/model'
import { GOAL_PRIORITY, PERSONA_COLOURS, PERSONA_LIMITS, type Persona } from '@/lib/personas/model'

type Props = {
  workspaceId: string
  action: (fd: FormData) => Promise<ActionResult<unknown>>
  persona?: Persona
  /** Where to go once saved (the library). */
  done: string
}

/** Creates or edits a persona: profile, needs, goals, frustrations, free fields, strategic goal and priority. */
export function PersonaForm({ workspaceId, action, persona, done }: Props) {
  const t = useTranslations('personas.form')
  const goals = useTranslations('mapEditor.goals')
  const router = useRouter()
  const [goal, setGoal] = useState(persona?.goal ?? 'win')
  // Free fields: each row keeps a key of its own, so removing one leaves the others' typing in place.
  const [rows, setRows] = useState(() => (persona?.fields ?? []).map((f, key) => ({ key, ...f })))
  const [nextKey, setNextKey] = useState(rows.length)
  const hidden: Record<string, string> = { workspaceId, ...(persona ? { personaId: persona.id } : {}) }
  return (
    <ActionForm action={action} hidden={hidden} className="grid gap-5" onSuccess={() => router.push(done)} aria-label={persona ? t('editLabel', { name: persona.name }) : t('newLabel')}>
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem_10rem]">
        <Field name="name" label={t('name')} defaultValue={persona?.name} required maxLength={PERSONA_LIMITS.name} placeholder={t('namePlaceholder')} />
        <Field name="initials" label={t('initials')} defaultValue={persona?.initials} maxLength={PERSONA_LIMITS.initials} hint={t('initialsHint')} />
        <SelectField name="colour" label={t('colour')} defaultValue={persona?.colour ?? 'indigo'}>
          {PERSONA_COLOURS.map((c) => (
            <option key={c} value={c}>
              {t(`colours.${c}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextareaField name="profile" label={t('profile')} defaultValue={persona?.profile} maxLength={PERSONA_LIMITS.profile} rows={3} hint={t('profileHint')} />
      <div className="grid gap-4 md:grid-cols-3">
        <TextareaField name="needs" label={t('needs')} defaultValue={persona?.needs} maxLength={PERSONA_LIMITS.needs} rows={4} />
        <TextareaField name="goals" label={t('goals')} defaultValue={persona?.goals} maxLength={PERSONA_LIMITS.goals} rows={4} />
        <TextareaField name="frustrations" label={t('frustrations')} defaultValue={persona?.frustrations} maxLength={PERSONA_LIMITS.frustrations} rows={4} />
      </div>
      <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2">
        <legend className="px-1 text-sm font-medium text-slate-800">{t('weightLegend')}</legend>
        <SelectField name="goal" label={t('goal')} value={goal} onChange={(e) => setGoal(e.currentTarget.value as typeof goal)}>
          {STRATEGIC_GOALS.map((g) => (
            <option key={g} value={g}>
              {goals(g)}
            </option>
          ))}
        </SelectField>
        <SelectField name="priority" label={t('priority')} defaultValue={persona?.priority == null ? '' : String(persona.priority)} hint={t('priorityHint')}>
          <option value="">{t('priorityDefault', { priority: GOAL_PRIORITY[goal] })}</option>
          {[1, 2, 3, 4, 5].map((p) => (
            <option key={p} value={p}>
              {t('priorityOption', { priority: p })}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">{t('freeFields')}</legend>
        {rows.length === 0 && <p className="text-sm text-slate-600">{t('noFreeFields')}</p>}
        {rows.map((r, i) => (
          <div key={r.key} className="grid items-end gap-2 sm:grid-cols-[12rem_1fr_auto]">
            <Field name="fieldLabel" label={t('fieldLabel', { n: i + 1 })} defaultValue={r.label} maxLength={PERSONA_LIMITS.fieldLabel} placeholder={t('fieldLabelPlaceholder')} />
            <Field name="fieldValue" label={t('fieldValue', { n: i + 1 })} defaultValue={r.value} maxLength={PERSONA_LIMITS.fieldValue} />
            <Button type="button" variant="ghost" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
              {t('removeField')} <span className="sr-only">{i + 1}</span>
            </Button>
          </div>
        ))}
        {rows.length < PERSONA_LIMITS.fields && (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey, label: '', value: '' }])
              setNextKey((k) => k + 1)
            }}
          >
            {t('addField')}
          </Button>
        )}
      </fieldset>
      <div className="flex gap-3">
        <SubmitButton>{persona ? t('save') : t('create')}</SubmitButton>
      </div>
    </ActionForm>
  )
}
