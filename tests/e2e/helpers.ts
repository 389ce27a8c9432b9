import { expect, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { extractLink, waitForMail } from '../support/mail-client'

export const mailApi = () => process.env.E2E_MAIL_API!
export const idpIssuer = () => process.env.E2E_IDP_ISSUER!
export const uniqueEmail = (prefix: string, domain = 'e2e.test') => `${prefix}-${randomBytes(3).toString('hex')}@${domain}`

/** Signs in through the sign-in page and the emailed link, as a person would. */
export async function signIn(page: Page, email: string, opts: { from?: string } = {}) {
  const after = new Date()
  await page.goto(opts.from ?? '/signin')
  await page.getByLabel('Work email').fill(email)
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const mail = await waitForMail(mailApi(), email, { subject: /sign-in link/, after })
  await page.goto(extractLink(mail, '/api/auth/callback/email'))
}

/** Signs in and creates a workspace; returns its slug. */
export async function signInWithWorkspace(page: Page, email: string, name: string): Promise<string> {
  await signIn(page, email)
  await expect(page).toHaveURL(/\/workspaces\/new$/)
  await page.getByLabel('Workspace name').fill(name)
  await page.getByRole('button', { name: 'Create workspace' }).click()
  await expect(page).toHaveURL(/\/w\/[^/]+\/maps$/)
  return new URL(page.url()).pathname.split('/')[2]!
}
