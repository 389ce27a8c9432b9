import { CallbackRouteError, MissingCSRF, Verification } from '@auth/core/errors'
import { describe, expect, it } from 'vitest'
import { describeAuthError } from '@/lib/auth/describe-auth-error'

describe('auth errors in the log', () => {
  it('names the Auth.js error type and says what happened, even when the class name is minified', () => {
    const used = new Verification()
    Object.defineProperty(used, 'name', { value: 'N' }) // what a production build leaves of the class name
    expect(describeAuthError(used)).toEqual({ type: 'Verification', message: 'a sign-in link was used that has expired or was used before' })
    expect(describeAuthError(new MissingCSRF()).type).toBe('MissingCSRF')
    expect(describeAuthError(new CallbackRouteError()).message).toBe('a sign-in callback failed')
  })

  it('gives any other error a plain sentence, never a one-letter name', () => {
    expect(describeAuthError(new TypeError('x'))).toEqual({ type: 'Error', message: 'a sign-in request failed' })
    expect(describeAuthError('weird')).toEqual({ type: 'UnknownError', message: 'a sign-in request failed' })
  })
})
