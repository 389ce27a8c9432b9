import { expect, test } from '@playwright/test'

test('the health check reports the database', async ({ request }) => {
  const r = await request.get('/api/health')
  expect(r.status()).toBe(200)
  expect(await r.json()).toEqual({ status: 'ok', db: 'ok' })
})
