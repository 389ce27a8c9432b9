'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { markReviewedAction } from '@/app/w/[slug]/touchpoints/[touchpointId]/actions'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'

/** "Mark reviewed", for the touchpoint's owner (and those who assign owners). */
export function ReviewForm({ workspaceId, touchpointId }: { workspaceId: string; touchpointId: string }) {
  const t = useTranslations('ownership.review')
  const router = useRouter()
  return (
    <ActionForm action={markReviewedAction} hidden={{ workspaceId, touchpointId }} success={t('marked')} onSuccess={() => router.refresh()} aria-label={t('mark')}>
      <SubmitButton variant="secondary" pendingLabel={t('marking')}>
        {t('mark')}
      </SubmitButton>
    </ActionForm>
  )
}
