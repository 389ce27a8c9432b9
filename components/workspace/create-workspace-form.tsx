'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'

export function CreateWorkspaceForm({ action }: { action: (fd: FormData) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations('workspace')
  const router = useRouter()
  return (
    <ActionForm action={action} onSuccess={(data) => router.push(`/w/${(data as { slug: string }).slug}/maps`)}>
      <Field name="name" label={t('name')} placeholder={t('namePlaceholder')} required maxLength={80} autoFocus />
      <SubmitButton className="w-full" pendingLabel={t('creating')}>
        {t('create')}
      </SubmitButton>
    </ActionForm>
  )
}
