import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Logo } from '@/components/shell/logo'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requireSessionPage } from '@/lib/auth/page-guards'
import { listMySessions } from '@/lib/sessions/sessions'
import { describeUserAgent } from '@/lib/sessions/user-agent'
import { revokeSession, signOutEverywhere, updateProfile } from './actions'

export const metadata: Metadata = { title: 'Your account' }

export default async function AccountPage() {
  const session = await requireSessionPage('/account')
  const [t, tc, format, sessions] = await Promise.all([getTranslations('account'), getTranslations('common'), getFormatter(), listMySessions(session)])
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center gap-2 px-4 py-3 font-semibold">
          <Link href="/" className="flex items-center gap-2 rounded focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Logo /> Touchmap
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <PageHeader title={t('title')} />
        <Card title={t('profile')} id="profile">
          <ActionForm action={updateProfile} success={tc('saved')} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <Field name="name" label={t('name')} defaultValue={session.user.name ?? ''} maxLength={80} required autoComplete="name" />
            <Field name="email" label={t('email')} defaultValue={session.user.email} disabled readOnly />
            <SubmitButton pendingLabel={tc('saving')}>{tc('save')}</SubmitButton>
          </ActionForm>
        </Card>
        <Card title={t('sessionsTitle')} description={t('sessionsLead')} id="sessions">
          <ul className="divide-y divide-slate-100" aria-label={t('sessionsTitle')}>
            {sessions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="text-sm">
                  <div className="font-medium text-slate-900">
                    {describeUserAgent(s.userAgent) ?? t('unknownDevice')}
                    {s.current && <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-800">{t('thisDevice')}</span>}
                  </div>
                  <div className="text-slate-600">
                    {t('signedInAt', { date: format.dateTime(s.createdAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
                    {s.method ? ` ${t('via', { method: s.method === 'sso' ? 'SSO' : 'email link' })}` : ''} ·{' '}
                    {t('lastSeen', { date: format.relativeTime(s.lastSeenAt) })}
                    {s.ip ? ` · ${s.ip}` : ''}
                  </div>
                </div>
                <ActionForm action={revokeSession} hidden={{ sessionId: s.id }} className="">
                  <SubmitButton variant="secondary">{t('signOutSession')}</SubmitButton>
                </ActionForm>
              </li>
            ))}
          </ul>
          <ActionForm action={signOutEverywhere} className="mt-4 border-t border-slate-100 pt-4">
            <SubmitButton variant="danger">{t('signOutEverywhere')}</SubmitButton>
          </ActionForm>
        </Card>
      </main>
    </div>
  )
}
