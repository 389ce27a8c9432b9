'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { createShareLinkAction } from '@/app/w/[slug]/maps/[mapId]/share/actions'
import { ActionForm } from '@/components/forms/action-form'
import { CheckboxField, Field } from '@/components/forms/field'
import { SecretOnce } from '@/components/forms/secret-once'
import { SubmitButton } from '@/components/forms/submit-button'

/** Creates a share link; its address is shown once (only a hash of its token is kept). */
export function ShareLinkForm({ workspaceId, mapId }: { workspaceId: string; mapId: string }) {
  const t = useTranslations('sharing.manage')
  const [url, setUrl] = useState<string | null>(null)
  if (url) {
    return (
      <SecretOnce
        secret={url}
        testId="share-url"
        labels={{ title: t('createdTitle'), warning: t('createdWarning'), secretLabel: t('address'), copy: t('copy'), copied: t('copied'), copyFailed: t('copyFailed'), done: t('done') }}
        onDone={() => setUrl(null)}
      />
    )
  }
  return (
    <ActionForm
      action={createShareLinkAction}
      hidden={{ workspaceId, mapId }}
      onSuccess={(data) => setUrl(`${window.location.origin}${(data as { path: string }).path}`)}
      className="grid gap-4 sm:grid-cols-2"
    >
      <Field name="label" label={t('label')} placeholder={t('labelPlaceholder')} maxLength={80} />
      <Field name="expiresAt" type="date" label={t('expiresAt')} hint={t('expiresHint')} />
      <Field name="password" type="password" autoComplete="new-password" label={t('password')} hint={t('passwordHint')} maxLength={200} />
      <div className="self-center">
        <CheckboxField name="showDetails" label={t('showDetails')} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton>{t('create')}</SubmitButton>
      </div>
    </ActionForm>
  )
}
