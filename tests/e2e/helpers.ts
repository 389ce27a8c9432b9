import { expect, type Browser, type Page } from '@playwright/test'
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

/** Invites `email` with `role` from the owner's members page; the invitee accepts in a browser context of their own. Returns their page. */
export async function inviteAndJoin(owner: Page, browser: Browser, slug: string, email: string, role: 'admin' | 'manager' | 'editor' | 'viewer'): Promise<Page> {
  await owner.goto(`/w/${slug}/settings/members`)
  const after = new Date()
  await owner.getByLabel('Email address').fill(email)
  await owner.getByLabel('Role', { exact: true }).selectOption(role)
  await owner.getByRole('button', { name: 'Send invitation' }).click()
  await expect(owner.getByText('Invitation sent.')).toBeVisible()
  const invite = extractLink(await waitForMail(mailApi(), email, { subject: /invited you to/, after }), '/invite/')
  const page = await (await browser.newContext()).newPage()
  await page.goto(invite)
  await page.getByRole('link', { name: `Sign in as ${email} to accept` }).click()
  await expect(page.getByLabel('Work email')).toHaveValue(email)
  await signIn(page, email, { from: page.url() })
  await page.getByRole('button', { name: 'Accept and join' }).click()
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`))
  return page
}

/** The list of cards in one cell of the map editor. */
export const cell = (page: Page, stage: string, segment: string) => page.getByRole('list', { name: `Touchpoints in ${stage}, ${segment}` })

/** Adds a card to a cell through the editor (a new touchpoint, or the catalog's one of that name), then closes its details. */
export async function addCard(page: Page, stage: string, segment: string, name: string) {
  await page.getByRole('button', { name: `Add a touchpoint to ${stage}, ${segment}` }).click()
  const combo = page.getByRole('combobox', { name: 'Touchpoint name' })
  await combo.fill(name)
  await expect(page.getByRole('option', { name: new RegExp(`“${name}”`) }).first()).toBeVisible()
  await combo.press('Enter')
  await expect(cell(page, stage, segment).locator('[data-placement]', { hasText: name })).toBeVisible()
  await page.getByRole('button', { name: 'Close details' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
}
