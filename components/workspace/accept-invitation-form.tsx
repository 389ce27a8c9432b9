'use client'

import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'

export function AcceptInvitationForm({ action, token, labels }: { action: (fd: FormData) => Promise<ActionResult<unknown>>; token: string; labels: { accept: string; accepting: string } }) {
  return (
    <ActionForm action={action} hidden={{ token }}>
      <SubmitButton className="w-full" pendingLabel={labels.accepting}>
        {labels.accept}
      </SubmitButton>
    </ActionForm>
  )
}
