import { signIn, ssoSignInScope } from '@/lib/auth/auth'
import { ValidationError } from '@/lib/errors'
import { emailDomain, routeEmailToSso, SSO_PROVIDER_PREFIX } from './load-connection'

/** "Continue with SSO": routes the email by its domain to its workspace's IdP (redirects; never returns on success). */
export async function startSso(email: string, callbackPath: string): Promise<never> {
  const route = await routeEmailToSso(email)
  if (!route) {
    throw new ValidationError({ email: [`No single sign-on is set up for ${emailDomain(email)}. Use an email link instead.`] })
  }
  await ssoSignInScope.run({ connectionId: route.connectionId }, () =>
    signIn(`${SSO_PROVIDER_PREFIX}${route.connectionId}`, { redirectTo: callbackPath }, { login_hint: email }),
  )
  throw new Error('unreachable: signIn redirects')
}
