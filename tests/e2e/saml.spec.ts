import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { setTxtOver } from '../support/dns-server'
import { signInWithWorkspace, uniqueEmail } from './helpers'

const samlIdp = () => process.env.E2E_SAML_IDP!

test('an admin sets up SAML from the IdP metadata, proves the domain, turns on SCIM and requires SSO; colleagues sign in through the IdP in the browser', async ({ page, browser }) => {
  test.setTimeout(120_000)
  const slug = await signInWithWorkspace(page, uniqueEmail('owner'), 'Fabrikam')
  await page.goto(`/w/${slug}/settings/sso`)

  // The metadata URL is fetched by the server: a private address is refused, in words.
  const add = page.getByRole('region', { name: 'Add a SAML 2.0 connection' })
  await add.getByLabel('Name', { exact: true }).fill('Fabrikam IdP')
  await add.getByLabel('Role for people who join through SSO').selectOption('editor')
  await add.getByLabel('or its metadata URL').fill('http://10.20.30.40/metadata')
  await add.getByRole('button', { name: 'Add connection' }).click()
  await expect(add.getByText(/The metadata URL must use https/)).toBeVisible()
  await add.getByLabel('or its metadata URL').fill(`${samlIdp()}/metadata`)
  await add.getByRole('button', { name: 'Add connection' }).click()

  const conn = page.getByRole('article', { name: 'Fabrikam IdP' })
  await expect(conn.getByText('SAML 2.0', { exact: true })).toBeVisible()
  await expect(conn.getByText('No successful sign-in yet')).toBeVisible()
  await expect(conn.getByText(/Signing certificate .*Touchmap test IdP.*valid until/)).toBeVisible()
  const acs = (await conn.getByText(/\/api\/sso\/saml\/[0-9a-f-]{36}\/acs$/).textContent())!.trim()
  const entityId = acs.replace(/\/acs$/, '/metadata')
  const spMetadata = await page.request.get(`${entityId}?download`)
  expect(await spMetadata.text()).toContain(`Location="${acs}"`)

  // Prove the domain by DNS.
  const domain = `fabrikam-${Date.now()}.test`
  await conn.getByLabel('Domain', { exact: true }).fill(domain)
  await conn.getByRole('button', { name: 'Add domain' }).click()
  await expect(conn.getByText('Waiting for DNS proof')).toBeVisible()
  const recordName = (await conn.locator('dd code').nth(0).textContent())!.trim()
  const recordValue = (await conn.locator('dd code').nth(1).textContent())!.trim()
  await setTxtOver(process.env.E2E_DNS_CONTROL!, recordName, [recordValue])
  await conn.getByRole('button', { name: `Check DNS now ${domain}` }).click()
  await expect(conn.getByText(/Verified by DNS on/)).toBeVisible()

  // SCIM: a token shown once; the IdP provisions someone with it.
  await conn.getByRole('button', { name: 'Create SCIM token' }).click()
  const token = await page.getByLabel('The new SCIM token').inputValue()
  expect(token).toMatch(/^tm_scim_/)
  const scimUrl = (await conn.getByText(/\/api\/scim\/v2\/[0-9a-f-]{36}$/).textContent())!.trim()
  const provisioned = await page.request.post(`${scimUrl}/Users`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `sam@${domain}`, name: { givenName: 'Sam', familyName: 'Scim' } },
  })
  expect(provisioned.status()).toBe(201)
  await page.getByRole('button', { name: 'Done' }).click()

  // A colleague signs in through the IdP (SP-initiated) and joins by the proven domain.
  const lenaCtx = await browser.newContext()
  const lena = await lenaCtx.newPage()
  await lena.goto('/signin')
  await lena.getByRole('button', { name: 'Continue with SSO' }).click()
  await lena.getByLabel('Work email').fill(`lena@${domain}`)
  await lena.getByRole('button', { name: 'Continue to your identity provider' }).click()
  await expect(lena.getByRole('heading', { name: 'Test SAML IdP' })).toBeVisible()
  await lena.getByLabel('Email').fill(`lena@${domain}`)
  // The IdP (127.0.0.1) is another site than the app (localhost): its POST to the ACS carries no Lax cookie,
  // and the browser's next GET, to the completion step, carries the one set when it started.
  const acsPost = lena.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/acs'))
  const completion = lena.waitForRequest((r) => /\/api\/sso\/saml\/[0-9a-f-]{36}\/complete\?c=/.test(r.url()))
  await lena.getByRole('button', { name: 'Sign in' }).click()
  expect((await (await acsPost).allHeaders()).cookie ?? '').not.toContain('touchmap.saml=')
  expect((await (await completion).allHeaders()).cookie ?? '').toContain('touchmap.saml=')
  await expect(lena).toHaveURL(new RegExp(`/w/${slug}`))
  const mine = await (await lenaCtx.request.get('/api/workspaces')).json()
  expect(mine.workspaces).toEqual([expect.objectContaining({ slug, role: 'editor' })])

  // IdP-initiated sign-in is refused until the admin allows it.
  const initiate = `${samlIdp()}/initiate?acs=${encodeURIComponent(acs)}&audience=${encodeURIComponent(entityId)}&email=${encodeURIComponent(`ida@${domain}`)}`
  const idaCtx = await browser.newContext()
  const ida = await idaCtx.newPage()
  await ida.goto(initiate)
  await expect(ida.getByRole('alert').filter({ hasText: 'Sign-in must start from Touchmap' })).toBeVisible()
  await page.reload()
  await expect(conn.getByText(/Last refused sign-in .*IdP-initiated sign-in arrived/)).toBeVisible()
  await expect(conn.getByText(/Last successful sign-in:/)).toBeVisible()
  await expect(conn.getByText(/SCIM: 1 person \(1 active\)/)).toBeVisible()
  await conn.getByLabel(/Accept IdP-initiated sign-in/).check()
  await conn.getByRole('button', { name: 'Save connection' }).click()
  await expect(conn.getByText('Saved')).toBeVisible()
  await ida.goto(initiate)
  await expect(ida).toHaveURL(new RegExp(`/w/${slug}`))

  // Require SSO for the domain: an email link for it is then refused with a pointer to SSO.
  await conn.getByLabel(`Require SSO for ${domain}`).check()
  await conn.getByRole('button', { name: `Save ${domain}` }).click()
  await expect(conn.getByText('SSO required')).toBeVisible()
  // The settings page with a SAML connection, its status, SCIM and enforcement: no serious accessibility problem.
  await page.reload()
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  const otherCtx = await browser.newContext()
  const other = await otherCtx.newPage()
  await other.goto('/signin')
  await other.getByLabel('Work email').fill(`lena@${domain}`)
  await other.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await expect(other.getByText(/requires single sign-on for this address/)).toBeVisible()
  // Lena's SSO session still opens the workspace.
  await lena.goto(`/w/${slug}/maps`)
  await expect(lena).toHaveURL(new RegExp(`/w/${slug}/maps$`))
  await Promise.all([lenaCtx.close(), idaCtx.close(), otherCtx.close()])
})
