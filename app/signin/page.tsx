import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'
import { SignInForm } from '@/components/auth/sign-in-form'
import { currentSession } from '@/lib/auth/current-session'
import { callbackPathSchema } from '@/lib/schemas/common'
import { continueWithSso, requestMagicLink } from './actions'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams
  const callbackUrl = callbackPathSchema.parse(sp.callbackUrl)
  const session = await currentSession()
  const t = await getTranslations('signin')
  if (session && !sp.error) redirect(callbackUrl)
  // Auth.js's error types and the SSO refusals (lib/sso/refusals.ts) each have a message; anything else gets the default.
  const error = sp.error ? (/^\w{1,40}$/.test(sp.error) && t.has(`errors.${sp.error}`) ? sp.error : 'default') : null
  return (
    <AuthCard title={t('title')} lead={t('lead')}>
      {error && (
        <p role="alert" className="mb-5 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(`errors.${error}` as 'errors.default')}
        </p>
      )}
      <SignInForm requestMagicLink={requestMagicLink} continueWithSso={continueWithSso} callbackUrl={callbackUrl} defaultEmail={sp.email} />
    </AuthCard>
  )
}
