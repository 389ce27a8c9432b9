'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { createInsightAction } from '@/app/w/[slug]/insights/actions'
import { ActionForm, useFormResult } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Button } from '@/components/ui/button'
import { INSIGHT_SOURCES, INSIGHT_TYPES, LIMITS, SENTIMENTS } from '@/lib/insights/model'
import type { FeedFacets } from '@/lib/insights/facets'
import { TouchpointPicker, type PickedTouchpoint } from './touchpoint-picker'

function Pickers({ workspaceId, facets, touchpoints, setTouchpoints }: { workspaceId: string; facets: FeedFacets; touchpoints: PickedTouchpoint[]; setTouchpoints: (v: PickedTouchpoint[]) => void }) {
  const t = useTranslations('insights.form')
  const { result } = useFormResult()
  const errors = result && !result.ok ? result.fieldErrors : undefined
  return (
    <>
      <TouchpointPicker workspaceId={workspaceId} name="touchpointIds" label={t('touchpoints')} hint={t('touchpointsHint')} value={touchpoints} onChange={setTouchpoints} errors={errors?.touchpointIds} />
      {facets.segments.length > 0 && (
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-slate-800">{t('segments')}</legend>
          <div className="flex max-h-32 flex-wrap gap-x-4 gap-y-1 overflow-auto">
            {facets.segments.map((s) => (
              <label key={`${s.mapId}:${s.segmentId}`} className="flex items-center gap-1.5 text-sm text-slate-700">
                <input type="checkbox" name="segments" value={`${s.mapId}:${s.segmentId}`} className="h-4 w-4 rounded border-slate-400 focus:outline-2 focus:outline-indigo-600" />
                {s.name} <span className="text-xs text-slate-500">({s.mapName})</span>
              </label>
            ))}
          </div>
          {errors?.segments && <p className="text-sm text-red-700">{errors.segments.join(' ')}</p>}
        </fieldset>
      )}
    </>
  )
}

/** "Add insight": a server action (insights.create); a rejected form keeps what was typed. */
export function InsightForm({ workspaceId, facets, onDone, onCancel }: { workspaceId: string; facets: FeedFacets; onDone: () => void; onCancel: () => void }) {
  const t = useTranslations('insights')
  const [touchpoints, setTouchpoints] = useState<PickedTouchpoint[]>([])
  const [formKey, setFormKey] = useState(0)
  const today = new Date().toISOString().slice(0, 10)
  return (
    <section aria-labelledby="add-insight-title" className="mb-6 rounded-lg border border-indigo-200 bg-white p-5 shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="add-insight-title" className="text-base font-semibold text-slate-900">
            {t('form.title')}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('form.lead')}</p>
        </div>
        <Button variant="ghost" onClick={onCancel}>
          {t('form.close')}
        </Button>
      </div>
      <ActionForm
        key={formKey}
        action={createInsightAction}
        hidden={{ workspaceId }}
        aria-label={t('form.title')}
        className="mt-4 grid gap-4 md:grid-cols-2"
        onSuccess={() => {
          setTouchpoints([])
          setFormKey((k) => k + 1)
          onDone()
        }}
      >
        <div className="md:col-span-2">
          <Field name="title" label={t('form.titleField')} hint={t('form.titleHint')} maxLength={LIMITS.title} required />
        </div>
        <div className="md:col-span-2">
          <BodyField label={t('form.body')} hint={t('form.bodyHint')} />
        </div>
        <SelectField name="type" label={t('form.type')} defaultValue="">
          <option value="" disabled>
            {t('form.choose')}
          </option>
          {INSIGHT_TYPES.map((v) => (
            <option key={v} value={v}>
              {t(`types.${v}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="source" label={t('form.source')} defaultValue="">
          <option value="" disabled>
            {t('form.choose')}
          </option>
          {INSIGHT_SOURCES.map((v) => (
            <option key={v} value={v}>
              {t(`sources.${v}`)}
            </option>
          ))}
        </SelectField>
        <Field name="sourceUrl" type="url" label={t('form.sourceUrl')} hint={t('form.sourceUrlHint')} placeholder="https://" maxLength={LIMITS.sourceUrl} />
        <SelectField name="sentiment" label={t('form.sentiment')} defaultValue="neutral">
          {SENTIMENTS.map((v) => (
            <option key={v} value={v}>
              {t(`sentiments.${v}`)}
            </option>
          ))}
        </SelectField>
        <Field name="observedOn" type="date" label={t('form.observedOn')} max={today} />
        <Field name="topics" label={t('form.topics')} hint={t('form.topicsHint')} list="insight-topics" />
        <datalist id="insight-topics">
          {facets.topics.map((tp) => (
            <option key={tp} value={tp} />
          ))}
        </datalist>
        <div className="space-y-4 md:col-span-2">
          <Pickers workspaceId={workspaceId} facets={facets} touchpoints={touchpoints} setTouchpoints={setTouchpoints} />
        </div>
        <div className="flex gap-3 md:col-span-2">
          <SubmitButton>{t('form.submit')}</SubmitButton>
          <Button variant="secondary" onClick={onCancel}>
            {t('form.cancel')}
          </Button>
        </div>
      </ActionForm>
    </section>
  )
}

function BodyField({ label, hint }: { label: string; hint: string }) {
  const { result } = useFormResult()
  const errors = result && !result.ok ? result.fieldErrors?.body : undefined
  return (
    <div className="space-y-1.5">
      <label htmlFor="insight-body" className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id="insight-body"
        name="body"
        rows={4}
        maxLength={LIMITS.body}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? 'insight-body-error' : 'insight-body-hint'}
        className={`block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:outline-2 focus:outline-indigo-600 ${errors ? 'border-red-500' : 'border-slate-300'}`}
      />
      {errors ? (
        <p id="insight-body-error" className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : (
        <p id="insight-body-hint" className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  )
}
