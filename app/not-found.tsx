import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'

export default async function NotFound() {
  const t = await getTranslations('notFound')
  return (
    <AuthCard title={t('title')} lead={t('body')}>
      <Link href="/" className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
        {t('home')}
      </Link>
    </AuthCard>
  )
}
