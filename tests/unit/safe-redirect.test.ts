import { describe, expect, it } from 'vitest'
import { config } from '@/lib/config'
import { safeCallbackPath } from '@/lib/http/safe-redirect'
import { callbackPathSchema } from '@/lib/schemas/common'
import { REDIRECT_CASES, redirectValue } from '../support/redirect-cases'

describe('where sign-in sends a person back to (safeCallbackPath)', () => {
  const origin = new URL(config().appUrl).origin
  it('has at least 30 attack and legitimate cases', () => expect(REDIRECT_CASES.length).toBeGreaterThanOrEqual(30))

  it.each(REDIRECT_CASES.map((c) => [JSON.stringify(c.value).slice(0, 60), c] as const))('%s', (_name, c) => {
    const value = redirectValue(c.value, origin)
    const out = safeCallbackPath(value)
    expect(out).toBe(c.expected ?? '/')
    expect(callbackPathSchema.parse(value)).toBe(out)
    // Whatever comes out, a browser resolving it as a Location stays on the app.
    expect(new URL(out, origin).origin).toBe(origin)
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/)
  })

  it('takes anything that is not a string as the dashboard', () => {
    for (const v of [undefined, null, 42, ['/w/acme'], { toString: () => '//evil.example' }]) expect(callbackPathSchema.parse(v)).toBe('/')
  })
})
