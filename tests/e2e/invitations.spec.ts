import { expect, test } from '@playwright/test'
import { extractLink, waitForMail } from '../support/mail-client'
import { mailApi, signIn, signInWithWorkspace, uniqueEmail } from './helpers'

test('an owner invites a colleague, who accepts in another browser; a viewer cannot change settings; a removed member gets 404', async ({ page, browser }) => {
  const owner = uniqueEmail('owner')
  const slug = await signInWithWorkspace(page, owner, 'Fabrikam Retail')
  await page.goto(`/w/${slug}/settings/members`)

  // Bad input first: nothing is sent.
  await page.getByLabel('Email address').fill('nobody')
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByText('Enter a valid email address')).toBeVisible()
  await expect(page.getByText('No pending invitations.')).toBeVisible()

  const viewerEmail = uniqueEmail('viewer')
  const after = new Date()
  await page.getByLabel('Email address').fill(viewerEmail)
  await page.getByLabel('Role', { exact: true }).selectOption('viewer')
  await page.getByLabel('Department', { exact: true }).selectOption({ label: 'Support' })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByText('Invitation sent.')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Pending invitations' }).getByText(viewerEmail, { exact: true }).first()).toBeVisible()
  const invite = extractLink(await waitForMail(mailApi(), viewerEmail, { subject: /invited you to Fabrikam Retail/, after }), '/invite/')

  const ctx = await browser.newContext()
  const guest = await ctx.newPage()
  await guest.goto(invite)
  await expect(guest.getByRole('heading', { name: 'Join Fabrikam Retail' })).toBeVisible()
  await guest.getByRole('link', { name: `Sign in as ${viewerEmail} to accept` }).click()
  await expect(guest.getByLabel('Work email')).toHaveValue(viewerEmail)
  await signIn(guest, viewerEmail, { from: guest.url() })
  await expect(guest).toHaveURL(/\/invite\//)
  await guest.getByRole('button', { name: 'Accept and join' }).click()
  await expect(guest).toHaveURL(new RegExp(`/w/${slug}$`))

  // A second use of the link is refused.
  await guest.goto(invite)
  await expect(guest.getByText('already been used')).toBeVisible()

  // The viewer sees settings but can change none of them.
  await guest.goto(`/w/${slug}/settings/general`)
  await expect(guest.getByText('Only admins and owners can change these settings.')).toBeVisible()
  await expect(guest.getByRole('textbox', { name: 'Workspace name' })).toBeDisabled()
  await expect(guest.getByRole('button', { name: 'Save' })).toHaveCount(0)
  await expect(guest.getByRole('button', { name: 'Delete workspace forever' })).toHaveCount(0)
  await guest.goto(`/w/${slug}/settings/members`)
  await expect(guest.getByRole('button', { name: 'Send invitation' })).toHaveCount(0)
  await expect(guest.getByRole('link', { name: 'Single sign-on' })).toHaveCount(0)
  await guest.goto(`/w/${slug}/settings/sso`)
  await expect(guest.getByRole('heading', { name: 'Not found' })).toBeVisible()

  // The owner sees the viewer with their department, and removes them.
  await page.reload()
  const row = page.getByRole('row', { name: new RegExp(viewerEmail) })
  await expect(row.getByRole('combobox', { name: `Department of ${viewerEmail}` })).toHaveValue(/.+/)
  page.once('dialog', (d) => d.accept())
  await row.getByRole('button', { name: `Remove ${viewerEmail}` }).click()
  await expect(page.getByRole('row', { name: new RegExp(viewerEmail) })).toHaveCount(0)

  await guest.goto(`/w/${slug}/maps`)
  await expect(guest.getByRole('heading', { name: 'Not found' })).toBeVisible()
  const api = await ctx.request.get(`/api/workspaces`)
  expect((await api.json()).workspaces).toEqual([])
  await ctx.close()
})
