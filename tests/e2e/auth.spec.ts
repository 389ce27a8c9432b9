import { expect, test } from '@playwright/test'
import { extractLink, waitForMail } from '../support/mail-client'
import { mailApi, signIn, signInWithWorkspace, uniqueEmail } from './helpers'

test('a newcomer signs in with the emailed link, creates a workspace, and finds every section', async ({ page }) => {
  const email = uniqueEmail('newcomer')
  const slug = await signInWithWorkspace(page, email, 'Contoso Stores')
  await expect(page.getByRole('button', { name: /Switch workspace: Contoso Stores/ }).or(page.getByText('Contoso Stores').first())).toBeVisible()
  const nav = page.getByRole('navigation', { name: 'Workspace' })
  for (const section of ['Maps', 'Touchpoints', 'Insights', 'Analysis', 'Audits']) {
    await nav.getByRole('link', { name: section, exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible()
    await expect(nav.getByRole('link', { name: section, exact: true })).toHaveAttribute('aria-current', 'page')
  }
  await nav.getByRole('link', { name: 'Settings' }).click()
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/general$`))
  await page.getByRole('link', { name: 'Activity' }).click()
  await expect(page.getByText('created the workspace')).toBeVisible()
  await expect(page.getByText('signed in')).toHaveCount(0) // signed in before the workspace existed
})

test('a sign-in link works once, and signing out everywhere ends every session', async ({ page, browser }) => {
  const email = uniqueEmail('twice')
  const after = new Date()
  await page.goto('/signin')
  await page.getByLabel('Work email').fill(email)
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  const link = extractLink(await waitForMail(mailApi(), email, { subject: /sign-in link/, after }), '/api/auth/callback/email')
  await page.goto(link)
  await expect(page).toHaveURL(/\/workspaces\/new$/)

  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await otherPage.goto(link)
  await expect(otherPage.getByText(/That sign-in link is no longer valid/)).toBeVisible()

  await signIn(otherPage, email)
  await expect(otherPage).toHaveURL(/\/workspaces\/new$/)
  await page.goto('/account')
  const list = page.getByRole('list', { name: "Where you're signed in" })
  await expect(list.getByRole('listitem')).toHaveCount(2)
  await expect(list.getByText('This device')).toHaveCount(1)
  await page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/signin/)
  await otherPage.goto('/account')
  await expect(otherPage).toHaveURL(/\/signin/)
  await other.close()
})

test('invalid input on the sign-in form gets a clear message and sends nothing', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Work email').fill('not-an-email')
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await expect(page.getByText('Enter a valid email address')).toBeVisible()
  await expect(page.getByLabel('Work email')).toHaveAttribute('aria-invalid', 'true')
  await expect(page).toHaveURL(/\/signin$/)
})

test('signing out ends the session', async ({ page }) => {
  await signInWithWorkspace(page, uniqueEmail('leaver'), 'Short Stay')
  await page.getByRole('button', { name: 'Sign out' }).first().click()
  await expect(page).toHaveURL(/\/signin/)
  await page.goto('/')
  await expect(page).toHaveURL(/\/signin/)
})
