import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'
import { config } from '@/lib/config'

export const metadata: Metadata = { title: 'Check your email' }

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams
  const t = await getTranslations('signin')
  return (
    <AuthCard title={t('checkTitle')} lead={email ? t('checkLead', { email }) : t('checkLeadGeneric')}>
      {!config().smtpUrl && <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t('checkNoSmtp')}</p>}
      <Link href="/signin" className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
        {t('backToSignIn')}
      </Link>
    </AuthCard>
  )
}
