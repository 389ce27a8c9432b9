/**
 * One log line for an Auth.js error: its type (a string Auth.js sets on every
 * error, which survives minification, unlike the class name) and a sentence an
 * operator understands.
 */
const SENTENCES: Record<string, string> = {
  Verification: 'a sign-in link was used that has expired or was used before',
  MissingCSRF: 'a sign-in form was sent without its CSRF token (an old tab, or a forged request)',
  AccessDenied: 'a sign-in was refused by the sign-in rules',
  CallbackRouteError: 'a sign-in callback failed',
  OAuthCallbackError: 'the identity provider returned an error to the sign-in callback',
  InvalidCheck: 'a sign-in callback failed its state, nonce or PKCE check (an old or replayed callback)',
  OAuthAccountNotLinked: 'an SSO sign-in named an account it may not link to',
  EmailSignInError: 'the sign-in link could not be sent',
  AdapterError: 'the sign-in storage failed',
  SessionTokenError: 'a session cookie could not be read',
  JWTSessionError: 'a session token could not be read',
  UnknownAction: 'a request named an unknown sign-in action',
  InvalidProvider: 'a request named a sign-in provider that does not exist',
  MissingSecret: 'AUTH_SECRET is not set',
  UntrustedHost: 'a sign-in request came for a host that is not trusted',
}

export type AuthErrorLine = { type: string; message: string }

export function describeAuthError(error: unknown): AuthErrorLine {
  const e = (error && typeof error === 'object' ? error : {}) as { type?: unknown; name?: unknown }
  const type = typeof e.type === 'string' && e.type ? e.type : error instanceof Error ? 'Error' : 'UnknownError'
  return { type, message: SENTENCES[type] ?? 'a sign-in request failed' }
}
