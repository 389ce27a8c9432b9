import { redirect } from 'next/navigation'
import { signIn, ssoSignInScope } from '@/lib/auth/auth'
import { ValidationError } from '@/lib/errors'
import { parseEmail } from '@/lib/email/parse-email'
import { loadSsoConnection, routeEmailToSso, SSO_PROVIDER_PREFIX } from './load-connection'
import { samlLoginUrlOf } from './saml/service-provider'

/** "Continue with SSO": routes the email by its domain to its workspace's IdP (redirects; never returns on success). */
export async function startSso(email: string, callbackPath: string): Promise<never> {
  const route = await routeEmailToSso(email)
  if (!route) {
    throw new ValidationError({ email: [`No single sign-on is set up for ${parseEmail(email)?.domain ?? 'this address'}. Use an email link instead.`] })
  }
  return signInThrough(route.connectionId, callbackPath, email)
}

/** Sends the browser to a connection's IdP: OpenID Connect through Auth.js, SAML through its login route (redirects; never returns on success). */
export async function signInThrough(connectionId: string, callbackPath: string, loginHint?: string): Promise<never> {
  const sso = await loadSsoConnection(connectionId)
  if (sso?.protocol === 'saml') redirect(`${samlLoginUrlOf(connectionId)}?callbackUrl=${encodeURIComponent(callbackPath)}`)
  await ssoSignInScope.run({ connectionId }, () =>
    signIn(`${SSO_PROVIDER_PREFIX}${connectionId}`, { redirectTo: callbackPath }, loginHint ? { login_hint: loginHint } : undefined),
  )
  throw new Error('unreachable: signIn redirects')
}
