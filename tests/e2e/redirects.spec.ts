import { expect, test } from '@playwright/test'
import { REDIRECT_CASES, redirectValue } from '../support/redirect-cases'
import { signIn, uniqueEmail } from './helpers'

/**
 * The open redirect after sign-in, tried in Chromium: every value of the
 * table goes to /signin?callbackUrl= while signed in, and wherever the
 * browser ends up (Chromium resolving the Location itself, stripping tabs and
 * newlines as browsers do) must be the app. No answer is a 500.
 */
test('sign-in sends a person back only to the app itself, whatever callbackUrl says', async ({ page, baseURL }) => {
  test.setTimeout(120_000)
  const origin = new URL(baseURL!).origin
  await signIn(page, uniqueEmail('redirects'))
  await expect(page).toHaveURL(/\/workspaces\/new$/)

  const escaped: string[] = []
  await page.route(
    (url) => url.origin !== origin,
    (route) => {
      escaped.push(route.request().url())
      return route.abort()
    },
  )
  const serverErrors: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.url()}`)
  })

  for (const c of REDIRECT_CASES) {
    const value = redirectValue(c.value, origin)
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(value)}`).catch(() => null)
    await page.waitForLoadState('domcontentloaded')
    const landed = new URL(page.url())
    expect({ value, origin: landed.origin }).toEqual({ value, origin })
    const expected = c.expected ?? '/'
    // The dashboard ("/") forwards a person without a workspace to /workspaces/new.
    const path = expected === '/' ? '/workspaces/new' : new URL(expected, origin).pathname
    expect({ value, path: landed.pathname }).toEqual({ value, path })
  }
  expect(escaped).toEqual([])
  expect(serverErrors).toEqual([])
})
