'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { saveVersionAction } from '@/app/w/[slug]/maps/[mapId]/versions/actions'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'

/** Saves a named version of the map. */
export function SaveVersionForm({ workspaceId, mapId }: { workspaceId: string; mapId: string }) {
  const t = useTranslations('versions.save')
  const router = useRouter()
  return (
    <ActionForm action={saveVersionAction} hidden={{ workspaceId, mapId }} success={t('done')} resetOnSuccess onSuccess={() => router.refresh()} aria-label={t('title')} className="flex flex-wrap items-end gap-3">
      <div className="min-w-56 flex-1">
        <Field name="name" label={t('name')} placeholder={t('placeholder')} required maxLength={120} />
      </div>
      <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
    </ActionForm>
  )
}
