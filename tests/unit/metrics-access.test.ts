import { afterEach, describe, expect, it } from 'vitest'
import { GET } from '@/app/api/metrics/route'
import { config, setConfig } from '@/lib/config'

const original = config()
afterEach(() => void setConfig(original))

describe('GET /api/metrics', () => {
  it('is open when METRICS_TOKEN is not set', async () => {
    setConfig({ ...original, metricsToken: undefined })
    const res = GET(new Request('http://x/api/metrics'))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('touchmap_')
  })

  it('needs the bearer token when METRICS_TOKEN is set, and refuses a wrong or missing one', async () => {
    setConfig({ ...original, metricsToken: 'metrics-token-0123456789' })
    expect(GET(new Request('http://x/api/metrics')).status).toBe(401)
    expect(GET(new Request('http://x/api/metrics', { headers: { authorization: 'Bearer metrics-token-0123456780' } })).status).toBe(401)
    expect(GET(new Request('http://x/api/metrics', { headers: { authorization: 'Bearer short' } })).status).toBe(401)
    const ok = GET(new Request('http://x/api/metrics', { headers: { authorization: 'Bearer metrics-token-0123456789' } }))
    expect(ok.status).toBe(200)
  })
})
