'use client'

import { useTranslations } from 'next-intl'
import { createMapAction } from '@/app/w/[slug]/maps/actions'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { MAP_TEMPLATES, type MapTemplate } from '@/lib/maps/model'
import { STARTER_GROUPS, STARTERS } from '@/lib/maps/starters'

type Props = {
  workspaceId: string
  /** The workspace's own templates (maps saved as templates). */
  templates: { id: string; name: string }[]
  /** Starter key -> the name it already has in the catalog (linked, not added). */
  inCatalog: Record<string, string>
}

/** A new map: its name, a stage template or a workspace template, and starter touchpoints to tick. */
export function NewMapForm({ workspaceId, templates, inCatalog }: Props) {
  const t = useTranslations('maps')
  const ts = useTranslations('maps.starters')
  return (
    <ActionForm action={createMapAction} hidden={{ workspaceId }} className="grid gap-5">
      <Field name="name" label={t('name')} placeholder={t('namePlaceholder')} required maxLength={120} />
      <SelectField name="template" label={t('template')} defaultValue="lifecycle">
        <optgroup label={t('builtInTemplates')}>
          {(Object.keys(MAP_TEMPLATES) as MapTemplate[]).map((k) => (
            <option key={k} value={k}>
              {t(`templates.${k}`)}
            </option>
          ))}
        </optgroup>
        {templates.length > 0 && (
          <optgroup label={t('workspaceTemplates')}>
            {templates.map((x) => (
              <option key={x.id} value={`ws:${x.id}`}>
                {x.name}
              </option>
            ))}
          </optgroup>
        )}
      </SelectField>
      <details className="rounded-md border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-900">{ts('title')}</summary>
        <p className="mt-2 text-sm text-slate-600">{ts('lead')}</p>
        <div className="mt-3 grid gap-4 md:grid-cols-3">
          {STARTER_GROUPS.map((g) => (
            <fieldset key={g}>
              <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{ts(`groups.${g}`)}</legend>
              <ul className="space-y-1.5">
                {STARTERS.filter((s) => s.group === g).map((s) => (
                  <li key={s.key}>
                    <label className="flex items-start gap-2 text-sm text-slate-800">
                      <input type="checkbox" name="starters" value={s.key} className="mt-0.5 h-4 w-4 accent-indigo-700" />
                      <span>
                        {s.name}
                        {inCatalog[s.key] && <span className="block text-xs text-emerald-800">{ts('inCatalog', { name: inCatalog[s.key]! })}</span>}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
        </div>
      </details>
      <div>
        <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
      </div>
    </ActionForm>
  )
}
