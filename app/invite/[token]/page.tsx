import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'
import { AcceptInvitationForm } from '@/components/workspace/accept-invitation-form'
import { buttonClass } from '@/components/ui/button'
import { currentSession } from '@/lib/auth/current-session'
import { previewInvitation } from '@/lib/invitations/invitations'
import { acceptInvitationAction } from './actions'

export const metadata: Metadata = { title: 'Invitation' }

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const [t, tr, preview, session] = await Promise.all([getTranslations('invite'), getTranslations('roles'), previewInvitation(token), currentSession()])
  if (!preview) return <AuthCard title={t('invalid')}>{null}</AuthCard>
  const title = t('title', { workspace: preview.workspaceName })
  if (preview.state !== 'pending') return <AuthCard title={title} lead={preview.state === 'expired' ? t('expired') : t('used')}>{null}</AuthCard>
  const lead = t('lead', { inviter: preview.invitedBy ?? '—', email: preview.email, workspace: preview.workspaceName, role: tr(preview.role as 'owner') })
  const here = `/invite/${token}`
  return (
    <AuthCard title={title} lead={lead}>
      {!session ? (
        <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(preview.email)}`} className={buttonClass('primary', 'w-full')}>
          {t('signInFirst', { email: preview.email })}
        </Link>
      ) : session.user.email !== preview.email ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('wrongAccount', { current: session.user.email, email: preview.email })}
        </p>
      ) : (
        <AcceptInvitationForm action={acceptInvitationAction} token={token} labels={{ accept: t('accept'), accepting: t('accepting') }} />
      )}
    </AuthCard>
  )
}
