'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { ActionForm } from '@/components/forms/action-form'
import { CheckboxField, Field } from '@/components/forms/field'
import { SecretOnce } from '@/components/forms/secret-once'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'
import { WEBHOOK_EVENTS, type WebhookEventType } from '@/lib/webhooks/events'

type Action = (input: FormData) => Promise<ActionResult<unknown>>

function useSecretLabels(title: string) {
  const t = useTranslations('webhooks')
  return { title, warning: t('secretWarning'), secretLabel: t('secretLabel'), copy: t('copy'), copied: t('copied'), copyFailed: t('copyFailed'), done: t('done') }
}

/** The events an endpoint takes, as a group of checkboxes with what each one means. */
function EventChoices({ chosen }: { chosen: WebhookEventType[] }) {
  const t = useTranslations('webhooks')
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{t('events')}</legend>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        {WEBHOOK_EVENTS.map((e) => (
          <CheckboxField key={e} name="events" value={e} defaultChecked={chosen.includes(e)} label={<><code className="text-xs">{e}</code> <span className="text-slate-600">{t(`eventHelp.${e.replaceAll('.', '_')}`)}</span></>} />
        ))}
      </div>
    </fieldset>
  )
}

/** Adds an endpoint, then shows its signing secret once. */
export function CreateWebhookForm({ workspaceId, action }: { workspaceId: string; action: Action }) {
  const t = useTranslations('webhooks')
  const [secret, setSecret] = useState<string | null>(null)
  const labels = useSecretLabels(t('createdTitle'))
  if (secret) return <SecretOnce secret={secret} testId="webhook-secret" onDone={() => setSecret(null)} labels={labels} />
  return (
    <ActionForm action={action} hidden={{ workspaceId }} resetOnSuccess onSuccess={(d) => setSecret((d as { secret: string }).secret)} className="space-y-4" aria-label={t('createTitle')}>
      <Field name="url" label={t('url')} hint={t('urlHint')} type="url" placeholder="https://example.com/hooks/touchmap" required maxLength={2000} autoComplete="off" />
      <Field name="description" label={t('description')} maxLength={200} autoComplete="off" />
      <EventChoices chosen={['insight.created', 'metric.threshold.crossed']} />
      <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
    </ActionForm>
  )
}

/** Changes an endpoint's URL, description and events. */
export function EditWebhookForm({ workspaceId, webhook, action }: { workspaceId: string; webhook: { id: string; url: string; description: string; events: WebhookEventType[] }; action: Action }) {
  const t = useTranslations('webhooks')
  return (
    <ActionForm action={action} hidden={{ workspaceId, webhookId: webhook.id }} success={t('saved')} className="space-y-4" aria-label={t('editTitle', { url: webhook.url })}>
      <Field name="url" label={t('url')} type="url" defaultValue={webhook.url} required maxLength={2000} autoComplete="off" />
      <Field name="description" label={t('description')} defaultValue={webhook.description} maxLength={200} autoComplete="off" />
      <EventChoices chosen={webhook.events} />
      <SubmitButton pendingLabel={t('saving')}>{t('save')}</SubmitButton>
    </ActionForm>
  )
}

/** A new signing secret, shown once. */
export function RotateSecretForm({ workspaceId, webhookId, url, action }: { workspaceId: string; webhookId: string; url: string; action: Action }) {
  const t = useTranslations('webhooks')
  const [secret, setSecret] = useState<string | null>(null)
  const labels = useSecretLabels(t('rotatedTitle'))
  if (secret) return <SecretOnce secret={secret} testId="webhook-secret" onDone={() => setSecret(null)} labels={labels} />
  return (
    <ActionForm action={action} hidden={{ workspaceId, webhookId }} confirm={t('rotateConfirm', { url })} onSuccess={(d) => setSecret((d as { secret: string }).secret)} className="">
      <SubmitButton variant="secondary" pendingLabel={t('rotating')}>
        {t('rotate')}
      </SubmitButton>
    </ActionForm>
  )
}
