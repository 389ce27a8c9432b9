import { expect, test } from '@playwright/test'
import { signInWithWorkspace, uniqueEmail } from './helpers'

test('an admin creates an API key, sees it once, a system posts an insight with it that appears in the open feed, and revoking it stops it at once', async ({ page, request }) => {
  const slug = await signInWithWorkspace(page, uniqueEmail('keys'), 'Keys Co')
  await page.goto(`/w/${slug}/settings`)
  await page.getByRole('link', { name: 'API keys' }).click()
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/api-keys$`))
  await expect(page.getByText('No API keys yet')).toBeVisible()

  // An empty name is refused under the field.
  await page.getByLabel('Key name').fill('   ')
  await page.getByRole('button', { name: 'Create key' }).click()
  await expect(page.getByText('Enter a key name')).toBeVisible()
  await expect(page.getByTestId('new-api-key')).toHaveCount(0)

  await page.getByLabel('Key name').fill('Zendesk sync')
  await page.getByRole('button', { name: 'Create key' }).click()
  const shown = page.getByTestId('new-api-key')
  await expect(shown).toBeVisible()
  await expect(shown.getByText("You won't see it again")).toBeVisible()
  const key = await page.getByLabel('The new API key').inputValue()
  expect(key).toMatch(/^tm_[A-Za-z0-9_-]{43}$/)
  await page.getByRole('button', { name: 'Copy key' }).click()
  await expect(shown.getByRole('status')).toHaveText(/Copied|press Ctrl\+C/)
  await page.getByRole('button', { name: 'I have stored it' }).click()
  await expect(page.getByTestId('new-api-key')).toHaveCount(0)
  const list = page.getByRole('list', { name: 'API keys of this workspace' })
  await expect(list.getByText('Zendesk sync', { exact: true }).first()).toBeVisible()
  await expect(list.getByText(`${key.slice(0, 10)}…`)).toBeVisible()
  await expect(page.getByText(key)).toHaveCount(0)

  const post = () =>
    request.post('/api/v1/insights', {
      headers: { authorization: `Bearer ${key}` },
      data: { title: 'Invoice PDF does not open on phones', type: 'complaint', source: 'support' },
    })
  // A manager's open feed shows the insight the API created, without a reload.
  const feed = await page.context().newPage()
  await feed.goto(`/w/${slug}/insights`)
  await expect(feed.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible()
  await expect(feed.getByText('Invoice PDF does not open on phones')).toHaveCount(0)
  expect((await post()).status()).toBe(201)
  // The feed was empty, so the insight shows at once (a feed with insights offers a "1 new insight" banner: insights.spec).
  await expect(feed.getByText('Invoice PDF does not open on phones')).toBeVisible({ timeout: 15_000 })
  await expect(feed.getByText('Added through the API')).toBeVisible()
  await feed.close()
  // last_used_at is written after the answer (at most once a minute): reload until it shows.
  await expect(async () => {
    await page.reload()
    await expect(list.getByText(/last used/)).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 15_000 })

  page.once('dialog', (d) => void d.accept())
  await list.getByRole('button', { name: 'Revoke Zendesk sync' }).click()
  await expect(list.getByText('Revoked', { exact: true })).toBeVisible()
  const refused = await post()
  expect(refused.status()).toBe(401)
  expect(await refused.json()).toEqual({ error: 'unauthorized' })
})
