'use client'

import { useState } from 'react'
import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import type { ActionResult } from '@/lib/actions/define-action'

type Action = (input: FormData) => Promise<ActionResult<unknown>>

export function SignInForm({ requestMagicLink, continueWithSso, callbackUrl, defaultEmail }: { requestMagicLink: Action; continueWithSso: Action; callbackUrl: string; defaultEmail?: string }) {
  const t = useTranslations('signin')
  const router = useRouter()
  const [mode, setMode] = useState<'email' | 'sso'>('email')
  return (
    <div className="space-y-6">
      {mode === 'email' ? (
        <ActionForm
          action={requestMagicLink}
          hidden={{ callbackUrl }}
          aria-label={t('sendLink')}
          onSuccess={(data) => router.push(`/signin/check-email?email=${encodeURIComponent((data as { email: string }).email)}`)}
        >
          <Field name="email" type="email" label={t('email')} placeholder={t('emailPlaceholder')} autoComplete="email" defaultValue={defaultEmail} required autoFocus />
          <SubmitButton className="w-full" pendingLabel={t('sending')}>
            {t('sendLink')}
          </SubmitButton>
        </ActionForm>
      ) : (
        <ActionForm action={continueWithSso} hidden={{ callbackUrl }} aria-label={t('sso')}>
          <p className="text-sm text-slate-600">{t('ssoLead')}</p>
          <Field name="email" type="email" label={t('email')} placeholder={t('emailPlaceholder')} autoComplete="email" defaultValue={defaultEmail} required autoFocus />
          <SubmitButton className="w-full" pendingLabel={t('sending')}>
            {t('ssoContinue')}
          </SubmitButton>
        </ActionForm>
      )}
      <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        {t('or')}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <button
        type="button"
        onClick={() => setMode(mode === 'email' ? 'sso' : 'email')}
        className="w-full rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {mode === 'email' ? t('sso') : t('useEmailLink')}
      </button>
    </div>
  )
}
