import { expect, test } from '@playwright/test'
import { signInWithWorkspace, uniqueEmail } from './helpers'

test('a server action replayed from another origin is refused and changes nothing', async ({ page }) => {
  const slug = await signInWithWorkspace(page, uniqueEmail('origin'), 'Origin Test')
  await page.goto(`/w/${slug}/settings/departments`)
  let captured: { url: string; headers: Record<string, string>; body: string } | null = null
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.headers()['next-action']) captured = { url: req.url(), headers: req.headers(), body: req.postData() ?? '' }
  })
  await page.getByLabel('Department name').fill('Legit Team')
  await page.getByRole('button', { name: 'Add department' }).click()
  await expect(page.getByRole('textbox', { name: 'Rename Legit Team' })).toBeVisible()
  expect(captured).not.toBeNull()
  const c = captured!
  const forged = c.body.replaceAll('Legit Team', 'Forged Team')
  for (const origin of ['https://evil.example', 'null']) {
    const r = await page.request.post(c.url, { headers: { ...c.headers, origin }, data: forged, failOnStatusCode: false })
    expect(r.status(), origin).toBeGreaterThanOrEqual(400)
  }
  await page.reload()
  await expect(page.getByRole('textbox', { name: 'Rename Forged Team' })).toHaveCount(0)
})

test('route handlers refuse state-changing requests from another origin', async ({ page }) => {
  await signInWithWorkspace(page, uniqueEmail('routes'), 'Route Test')
  for (const origin of ['https://evil.example', 'null']) {
    const r = await page.request.post('/api/workspaces', { headers: { origin }, data: { name: 'Evil Workspace' }, failOnStatusCode: false })
    expect(r.status()).toBe(403)
  }
  const ok = await page.request.post('/api/workspaces', { headers: { origin: new URL(page.url()).origin }, data: { name: 'Good Workspace' } })
  expect(ok.status()).toBe(201)
  const list = await (await page.request.get('/api/workspaces')).json()
  expect(list.workspaces.map((w: { name: string }) => w.name).sort()).toEqual(['Good Workspace', 'Route Test'])
})

test('the health check reports the database', async ({ request }) => {
  const r = await request.get('/api/health')
  expect(r.status()).toBe(200)
  expect(await r.json()).toMatchObject({ status: 'ok', db: 'ok' })
})
