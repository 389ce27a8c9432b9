import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Icon } from '@/components/shell/icons'
import { Logo } from '@/components/shell/logo'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requireSessionPage } from '@/lib/auth/page-guards'
import { listMySessions } from '@/lib/sessions/sessions'
import { describeUserAgent } from '@/lib/sessions/user-agent'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'
import { revokeSession, signOutEverywhere, updateProfile } from './actions'

export const metadata: Metadata = { title: 'Your account' }

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const session = await requireSessionPage('/account')
  const [t, tc, format, sessions, workspaces, { from }] = await Promise.all([
    getTranslations('account'),
    getTranslations('common'),
    getFormatter(),
    listMySessions(session),
    listMyWorkspaces(session),
    searchParams,
  ])
  // The way back: the workspace the person came from (only one of theirs), else their first.
  const back = workspaces.find((w) => w.slug === from) ?? workspaces[0]
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 rounded font-semibold focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Logo /> Touchmap
          </Link>
          {back && (
            <Link
              href={`/w/${back.slug}`}
              className="flex min-w-0 items-center gap-1 rounded px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <Icon name="back" className="h-4 w-4 shrink-0" />
              <span className="break-words">{t('backTo', { workspace: back.name })}</span>
            </Link>
          )}
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
                    {t('signedInAt', { date: format.dateTime(s.createdAt, 'dateTime') })}
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
