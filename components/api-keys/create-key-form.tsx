'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SecretOnce } from '@/components/forms/secret-once'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'

type Created = { id: string; name: string; prefix: string; key: string }

/** Names a new key, then shows its secret once, with a copy button and a clear warning. */
export function CreateKeyForm({ workspaceId, action }: { workspaceId: string; action: (input: FormData) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations('apiKeys')
  const [created, setCreated] = useState<Created | null>(null)

  if (created) {
    return (
      <SecretOnce
        secret={created.key}
        testId="new-api-key"
        onDone={() => setCreated(null)}
        labels={{
          title: t('createdTitle', { name: created.name }),
          warning: t('onceWarning'),
          secretLabel: t('secretLabel'),
          copy: t('copy'),
          copied: t('copied'),
          copyFailed: t('copyFailed'),
          done: t('done'),
        }}
      />
    )
  }

  return (
    <ActionForm
      action={action}
      hidden={{ workspaceId }}
      resetOnSuccess
      onSuccess={(data) => setCreated(data as Created)}
      className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-end"
      aria-label={t('createTitle')}
    >
      <Field name="name" label={t('name')} hint={t('nameHint')} placeholder={t('namePlaceholder')} required maxLength={80} autoComplete="off" />
      <div className="sm:pb-6">
        <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
      </div>
    </ActionForm>
  )
}
