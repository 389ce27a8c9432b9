import type { Metadata } from 'next'
import { cookies } from 'next/headers'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { currentSession } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { LINK_COOKIE, readLinkRequest } from '@/lib/sso/link-requests'
import { confirmSsoLinkAction } from './actions'

export const metadata: Metadata = { title: 'Link your single sign-on' }

/** Where an SSO sign-in that asserted an existing account's address waits for the account holder (lib/sso/link-requests.ts). */
export default async function LinkSsoPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ token?: string }> }) {
  const [{ id }, { token }, jar, session, t] = await Promise.all([params, searchParams, cookies(), currentSession(), getTranslations('sso.link')])
  const request = await readLinkRequest(id, jar.get(LINK_COOKIE)?.value)
  const back = (
    <Link href="/signin" className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
      {t('backToSignIn')}
    </Link>
  )
  if (!request) {
    return (
      <AuthCard title={t('invalidTitle')} lead={t('invalidLead')}>
        {back}
      </AuthCard>
    )
  }
  const names = { connection: request.connectionName, workspace: request.workspaceName, email: request.email }
  const holder = session?.user.id === request.userId
  const canConfirm = holder || Boolean(token)
  return (
    <AuthCard title={t('title')} lead={t('lead', names)}>
      <div className="space-y-4 text-sm text-slate-700">
        {canConfirm ? (
          <ActionForm action={confirmSsoLinkAction} hidden={{ requestId: request.id, token: holder ? '' : (token ?? '') }}>
            <p>{t(holder ? 'explainHolder' : 'explainToken', names)}</p>
            <SubmitButton className="w-full" pendingLabel={t('confirming')}>
              {t('confirm')}
            </SubmitButton>
          </ActionForm>
        ) : (
          <>
            <p role="status">{t('checkEmail', names)}</p>
            {!config().smtpUrl && <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">{t('checkNoSmtp')}</p>}
          </>
        )}
        <p className="text-slate-600">{t('notYou')}</p>
        {back}
      </div>
    </AuthCard>
  )
}
