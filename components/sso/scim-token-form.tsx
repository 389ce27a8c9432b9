'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { ActionForm } from '@/components/forms/action-form'
import { SecretOnce } from '@/components/forms/secret-once'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'

/** Creates a SCIM token for a connection and shows it once. */
export function ScimTokenForm({ workspaceId, connectionId, action }: { workspaceId: string; connectionId: string; action: (input: FormData) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations('sso.settings')
  const [token, setToken] = useState<string | null>(null)
  if (token) {
    return (
      <SecretOnce
        secret={token}
        testId="new-scim-token"
        onDone={() => setToken(null)}
        labels={{
          title: t('scimCreatedTitle'),
          warning: t('scimOnceWarning'),
          secretLabel: t('scimSecretLabel'),
          copy: t('scimCopy'),
          copied: t('scimCopied'),
          copyFailed: t('scimCopyFailed'),
          done: t('scimDone'),
        }}
      />
    )
  }
  return (
    <ActionForm action={action} hidden={{ workspaceId, connectionId }} onSuccess={(data) => setToken((data as { key: string }).key)}>
      <SubmitButton variant="secondary" pendingLabel={t('scimCreating')}>
        {t('scimCreate')}
      </SubmitButton>
    </ActionForm>
  )
}
