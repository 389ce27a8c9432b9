import { expect, test, type Page } from '@playwright/test'
import { verifySignature } from '@/lib/webhooks/signature'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver'
import { addCard, cell, signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when JOURNEY_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.JOURNEY_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true })
}

let receiver: WebhookReceiver
test.beforeAll(async () => {
  receiver = await startWebhookReceiver()
})
test.afterAll(async () => {
  await receiver?.close()
})

async function newMap(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/w/${slug}/maps`)
  const form = page.getByRole('region', { name: 'New map' })
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByLabel('Template', { exact: true }).selectOption('purchase')
  await form.getByRole('button', { name: 'Create map' }).click()
  await expect(page).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  return new URL(page.url()).pathname.split('/').pop()!
}

test('a KPI fed through the API shows on the touchpoint and as a live badge; crossing a threshold fires a signed webhook, retried after a failure and shown in the log', async ({ page, context }) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('kpi'), 'Measured Co')

  // A KPI from a preset.
  await page.goto(`/w/${slug}/settings/metrics`)
  await page.getByLabel('Start from').selectOption('csat')
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('CSAT')
  await page.getByRole('button', { name: 'Define KPI' }).click()
  await expect(page.getByRole('list', { name: 'KPIs of this workspace' }).getByText('Higher is better · target 85 %')).toBeVisible()

  // An API key, and a webhook to a receiver on loopback.
  await page.goto(`/w/${slug}/settings/api-keys`)
  await page.getByLabel('Key name').fill('BI export')
  await page.getByRole('button', { name: 'Create key' }).click()
  const key = await page.getByLabel('The new API key').inputValue()
  await page.goto(`/w/${slug}/settings/webhooks`)
  const create = page.getByRole('form', { name: 'Add a webhook' })
  await create.getByLabel('URL').fill('http://10.0.0.1/hooks')
  await create.getByRole('button', { name: 'Add webhook' }).click()
  await expect(create.getByText('The URL must use https://')).toBeVisible()
  await create.getByLabel('URL').fill(receiver.url)
  await create.getByRole('checkbox', { name: /^insight\.created/ }).uncheck()
  await create.getByRole('button', { name: 'Add webhook' }).click()
  const secret = await page.getByLabel('Signing secret').inputValue()
  expect(secret).toMatch(/^whsec_/)
  await page.getByRole('button', { name: 'I have copied it' }).click()
  await expect(page.getByTestId('webhook')).toHaveCount(1)
  await shot(page, 'webhooks')

  // A map with a card; its cards show the KPI.
  const mapId = await newMap(page, slug, 'Support journey')
  await page.getByRole('button', { name: 'Add segment' }).first().click()
  await page.getByRole('dialog').getByLabel('Name').fill('Customers')
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
  await addCard(page, 'After purchase', 'Customers', 'Hotline')
  await page.getByRole('toolbar').getByLabel('Card KPI').selectOption({ label: 'CSAT' })
  const api = page.request
  const auth = { authorization: `Bearer ${key}` }
  let touchpointId = ''
  await expect(async () => {
    const list = (await (await api.get('/api/v1/touchpoints', { headers: auth })).json()) as { touchpoints: { id: string; name: string }[] }
    touchpointId = list.touchpoints.find((t) => t.name === 'Hotline')?.id ?? ''
    expect(touchpointId).not.toBe('')
  }).toPass({ timeout: 15_000 })
  const metrics = (await (await api.get('/api/v1/metrics', { headers: auth })).json()) as { metrics: { id: string }[] }
  const metricId = metrics.metrics[0]!.id

  // The touchpoint's page open in a second tab.
  const tpPage = await context.newPage()
  await tpPage.goto(`/w/${slug}/touchpoints/${touchpointId}`)
  await expect(tpPage.getByTestId('touchpoint-kpis')).toContainText('No KPI measures this touchpoint yet.')

  const post = (value: number | string, day: string) =>
    api.post('/api/v1/metrics/values', { headers: { ...auth, 'content-type': 'application/json' }, data: { values: [{ metricId, touchpointId, value, periodStart: day, periodEnd: day }] } })
  const bad = await post('NaN', '2026-11-01')
  expect(bad.status()).toBe(422)
  expect(((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors['values.0.value']).toEqual(['value must be a finite number (not NaN or infinity)'])
  expect((await post(91, '2026-11-01')).status()).toBe(201)

  // Live, without a reload: the badge on the open map and the trend on the touchpoint's page.
  const badge = cell(page, 'After purchase', 'Customers').getByTestId('kpi-badge')
  await expect(badge).toHaveAttribute('data-status', 'green', { timeout: 10_000 })
  await expect(badge).toHaveAccessibleName('CSAT: 91 %, On target')
  await expect(tpPage.getByTestId('kpi-CSAT').getByTestId('kpi-latest')).toHaveText('Latest: 91 %', { timeout: 10_000 })

  // Down to 60 (red at 70): the webhook fires; the receiver fails the first attempt and takes the retry.
  receiver.failNext(1)
  const before = receiver.received.length
  expect(await (await post(60, '2026-11-02')).json()).toMatchObject({ crossings: 1 })
  await expect(badge).toHaveAttribute('data-status', 'red', { timeout: 10_000 })
  await expect(tpPage.getByTestId('kpi-CSAT')).toContainText('Alert')
  await shot(tpPage, 'kpi-touchpoint')
  await shot(page, 'kpi-map')
  const [first, retry] = (await receiver.waitFor(before + 2, 30_000)).slice(before)
  expect(first!.status).toBe(500)
  expect(retry!.status).toBe(200)
  expect(verifySignature(secret, retry!.body, retry!.headers['touchmap-signature'] as string)).toMatchObject({ ok: true })
  const event = JSON.parse(retry!.body) as { type: string; data: { to: { status: string; value: number }; touchpoint: { name: string } } }
  expect(event).toMatchObject({ type: 'metric.threshold.crossed', data: { touchpoint: { name: 'Hotline' }, to: { status: 'red', value: 60 } } })

  // The log shows it delivered on the second attempt.
  await page.goto(`/w/${slug}/settings/webhooks`)
  await page.getByRole('link', { name: /Delivery log/ }).click()
  const row = page.getByTestId('delivery').first()
  await expect(row).toHaveAttribute('data-status', 'delivered')
  await expect(row).toContainText('2 attempts')
  await expect(row).toContainText('HTTP 200')
  await shot(page, 'webhook-log')
  await row.getByRole('button', { name: /Send again/ }).click()
  await receiver.waitFor(before + 3, 15_000)
  expect(receiver.received[before + 2]!.headers['touchmap-event-id']).toBe(first!.headers['touchmap-event-id'])
  expect(mapId).toMatch(/[0-9a-f-]{36}/)
})
