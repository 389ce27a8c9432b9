'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField, TextareaField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'
import { METRIC_LIMITS, METRIC_PRESETS, PRESET_KEYS, type Metric, type MetricPreset } from '@/lib/metrics/model'

type Values = { name: string; unit: string; direction: 'higher' | 'lower'; target: string; alertAt: string; description: string }

const valuesOf = (m: Partial<Metric> | undefined): Values => ({
  name: m?.name ?? '',
  unit: m?.unit ?? '',
  direction: m?.direction ?? 'higher',
  target: m?.target === undefined ? '' : String(m.target),
  alertAt: m?.alertAt === null || m?.alertAt === undefined ? '' : String(m.alertAt),
  description: m?.description ?? '',
})

/**
 * Defines a KPI or changes one: a preset (NPS, CSAT, …) fills the fields,
 * which stay editable; the server checks everything again.
 */
export function MetricForm({
  workspaceId,
  action,
  metric,
  onDone,
}: {
  workspaceId: string
  action: (input: FormData) => Promise<ActionResult<unknown>>
  metric?: Metric
  onDone?: () => void
}) {
  const t = useTranslations('metrics')
  const [preset, setPreset] = useState<MetricPreset | ''>(metric?.preset ?? '')
  const [values, setValues] = useState<Values>(valuesOf(metric))
  // Remounts the fields when a preset fills them (they are uncontrolled).
  const [version, setVersion] = useState(0)
  const choose = (p: MetricPreset | '') => {
    setPreset(p)
    if (p) {
      const d = METRIC_PRESETS[p]
      setValues({ name: d.name, unit: d.unit, direction: d.direction, target: String(d.target), alertAt: d.alertAt === null ? '' : String(d.alertAt), description: '' })
      setVersion((v) => v + 1)
    }
  }
  return (
    <ActionForm
      action={action}
      hidden={{ workspaceId, ...(metric ? { metricId: metric.id } : {}), preset }}
      resetOnSuccess={!metric}
      success={metric ? t('saved') : t('created')}
      onSuccess={() => {
        if (!metric) {
          setPreset('')
          setValues(valuesOf(undefined))
          setVersion((v) => v + 1)
        }
        onDone?.()
      }}
      className="space-y-4"
      aria-label={metric ? t('editTitle', { name: metric.name }) : t('createTitle')}
    >
      {!metric && (
        <div className="space-y-1.5">
          <label htmlFor={`preset-${workspaceId}`} className="block text-sm font-medium text-slate-800">
            {t('preset')}
          </label>
          <select
            id={`preset-${workspaceId}`}
            value={preset}
            onChange={(e) => choose(e.target.value as MetricPreset | '')}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:outline-2 focus:outline-indigo-600"
          >
            <option value="">{t('presetNone')}</option>
            {PRESET_KEYS.map((k) => (
              <option key={k} value={k}>
                {t(`presets.${k}`)}
              </option>
            ))}
          </select>
          <p className="text-xs text-slate-500">{t('presetHint')}</p>
        </div>
      )}
      <div key={version} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field name="name" label={t('name')} defaultValue={values.name} required maxLength={METRIC_LIMITS.name} autoComplete="off" />
        <Field name="unit" label={t('unit')} hint={t('unitHint')} defaultValue={values.unit} required maxLength={METRIC_LIMITS.unit} autoComplete="off" />
        <SelectField name="direction" label={t('direction')} defaultValue={values.direction}>
          <option value="higher">{t('directionHigher')}</option>
          <option value="lower">{t('directionLower')}</option>
        </SelectField>
        <Field name="target" label={t('target')} hint={t('targetHint')} defaultValue={values.target} required inputMode="decimal" autoComplete="off" />
        <Field name="alertAt" label={t('alertAt')} hint={t('alertAtHint')} defaultValue={values.alertAt} inputMode="decimal" autoComplete="off" />
        <div className="sm:col-span-2">
          <TextareaField name="description" label={t('description')} hint={t('descriptionHint')} defaultValue={values.description} rows={2} maxLength={METRIC_LIMITS.description} />
        </div>
      </div>
      <SubmitButton pendingLabel={t('saving')}>{metric ? t('save') : t('create')}</SubmitButton>
    </ActionForm>
  )
}
