'use server'

import { headers } from 'next/headers'
import { z } from 'zod'
import { publicAction } from '@/lib/actions/define-action'
import { signIn } from '@/lib/auth/auth'
import { clientIp } from '@/lib/auth/client-ip'
import { guardSignInAttempt } from '@/lib/auth/rate-limit'
import { callbackPathSchema, emailSchema } from '@/lib/schemas/common'
import { ValidationError } from '@/lib/errors'
import { emailSignInRefused, SSO_REQUIRED_MESSAGE } from '@/lib/sso/enforcement'
import { startSso } from '@/lib/sso/start-sso'

const schema = z.object({ email: emailSchema, callbackUrl: callbackPathSchema })

/** Sends a magic link (by SMTP, or to the log). The answer is the same whether or not the account exists. */
export const requestMagicLink = publicAction(schema, async ({ email, callbackUrl }) => {
  await guardSignInAttempt({ email, ip: clientIp(await headers()) })
  if (await emailSignInRefused(email)) throw new ValidationError({ email: [SSO_REQUIRED_MESSAGE] })
  await signIn('email', { email, redirect: false, redirectTo: callbackUrl })
  return { email }
})

/** Continue with SSO: redirects to the IdP of the workspace that serves the email's domain. */
export const continueWithSso = publicAction(schema, async ({ email, callbackUrl }) => {
  await guardSignInAttempt({ email, ip: clientIp(await headers()) })
  return startSso(email, callbackUrl)
})
