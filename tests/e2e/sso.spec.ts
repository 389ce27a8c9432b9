import { expect, test } from '@playwright/test'
import { setTxtOver } from '../support/dns-server'
import { idpIssuer, signInWithWorkspace, uniqueEmail } from './helpers'

test('an admin connects the workspace to its OpenID provider, proves the domain by DNS; a colleague signs in with SSO and joins', async ({ page, browser }) => {
  const slug = await signInWithWorkspace(page, uniqueEmail('admin'), 'Litware Inc')
  await page.goto(`/w/${slug}/settings/sso`)
  await expect(page.getByText('No SSO connection yet.')).toBeVisible()

  const add = page.getByRole('region', { name: 'Add an OpenID Connect connection' })
  await add.getByLabel('Name').fill('Litware IdP')
  await add.getByLabel('Issuer URL').fill(`${idpIssuer()}/wrong`)
  await add.getByLabel('Client ID').fill('litware')
  await add.getByLabel('Client secret').fill('litware-secret-0123456789')
  await add.getByLabel('Role for people who join through SSO').selectOption('editor')
  await add.getByRole('button', { name: 'Add connection' }).click()
  await expect(add.getByText(/Could not read the OpenID configuration/)).toBeVisible()
  await add.getByLabel('Issuer URL').fill(idpIssuer())
  await add.getByRole('button', { name: 'Add connection' }).click()
  const redirectUri = (await page.locator('code').first().textContent())!.trim()
  expect(redirectUri).toMatch(/\/api\/auth\/callback\/sso-[0-9a-f-]{36}$/)

  // Register the app with the IdP, as an IdP admin would, and give it a user.
  const domain = `litware-${Date.now()}.test`
  await page.request.post(`${idpIssuer()}/__admin/clients`, { data: { clientId: 'litware', clientSecret: 'litware-secret-0123456789', redirectUris: [redirectUri] } })
  await page.request.post(`${idpIssuer()}/__admin/accounts`, { data: { subject: 'sub-lena', email: `lena@${domain}`, name: 'Lena Litware' } })

  await page.getByLabel('Domain', { exact: true }).fill(domain)
  await page.getByRole('button', { name: 'Add domain' }).click()
  await expect(page.getByText(domain, { exact: true }).first()).toBeVisible()
  await expect(page.getByText('Waiting for DNS proof')).toBeVisible()
  // Attestation is off on this instance: the only way is the DNS record Touchmap shows.
  await expect(page.getByLabel(`I confirm that our organisation controls ${domain}`)).toHaveCount(0)
  const recordName = (await page.locator('dd code').nth(0).textContent())!.trim()
  const recordValue = (await page.locator('dd code').nth(1).textContent())!.trim()
  expect(recordName).toBe(`_touchmap-challenge.${domain}`)
  expect(recordValue).toMatch(/^touchmap-domain-verification=[0-9a-f]{32}$/)
  await page.getByRole('button', { name: `Check DNS now ${domain}` }).click()
  await expect(page.getByText(/Last check .*No TXT record/)).toBeVisible()
  await setTxtOver(process.env.E2E_DNS_CONTROL!, recordName, [recordValue])
  await page.getByRole('button', { name: `Check DNS now ${domain}` }).click()
  await expect(page.getByText(/Verified by DNS on/)).toBeVisible()

  const ctx = await browser.newContext()
  const lena = await ctx.newPage()
  await lena.goto('/signin')
  await lena.getByRole('button', { name: 'Continue with SSO' }).click()
  await lena.getByLabel('Work email').fill(`lena@${domain}`)
  await lena.getByRole('button', { name: 'Continue to your identity provider' }).click()
  await lena.getByLabel('Subject or email').fill('sub-lena')
  await lena.getByRole('button', { name: 'Sign in' }).click()
  await expect(lena).toHaveURL(new RegExp(`/w/${slug}$`))
  const me = await (await ctx.request.get('/api/workspaces')).json()
  expect(me.workspaces).toEqual([expect.objectContaining({ slug, role: 'editor' })])

  // An email whose domain has no SSO gets a clear answer.
  const other = await ctx.newPage()
  await ctx.clearCookies()
  await other.goto('/signin')
  await other.getByRole('button', { name: 'Continue with SSO' }).click()
  await other.getByLabel('Work email').fill('someone@no-sso.test')
  await other.getByRole('button', { name: 'Continue to your identity provider' }).click()
  await expect(other.getByText('No single sign-on is set up for no-sso.test')).toBeVisible()

  await page.goto(`/w/${slug}/settings/activity`)
  await expect(page.getByText('joined').first()).toBeVisible()
  await expect(page.getByText('proved an SSO domain by DNS').first()).toBeVisible()

  // Someone the IdP knows but whose email it has not verified is refused; the admin sees why.
  await page.request.post(`${idpIssuer()}/__admin/accounts`, { data: { subject: 'sub-ulla', email: `ulla@${domain}`, name: 'Ulla Unverified', emailVerified: false } })
  const ulla = await ctx.newPage()
  await ulla.goto('/signin')
  await ulla.getByRole('button', { name: 'Continue with SSO' }).click()
  await ulla.getByLabel('Work email').fill(`ulla@${domain}`)
  await ulla.getByRole('button', { name: 'Continue to your identity provider' }).click()
  await ulla.getByLabel('Subject or email').fill('sub-ulla')
  await ulla.getByRole('button', { name: 'Sign in' }).click()
  await expect(ulla.getByRole('alert')).toContainText('did not confirm that this email address is verified')
  await page.goto(`/w/${slug}/settings/sso`)
  await expect(page.getByText('The provider did not say the email address is verified.', { exact: true })).toBeVisible()
  await expect(page.getByText(`ulla@${domain}`)).toBeVisible()
  await ctx.close()
})
