import { expect, test, type APIResponse } from '@playwright/test'
import { idpIssuer, signInWithWorkspace, uniqueEmail } from './helpers'

/** What every response must carry (lib/http/security-headers.ts). */
function expectSecurityHeaders(what: string, r: APIResponse, opts: { page: boolean }) {
  const h = r.headers()
  const csp = h['content-security-policy'] ?? ''
  expect(csp, what).toContain("frame-ancestors 'none'")
  expect(h['x-content-type-options'], what).toBe('nosniff')
  expect(h['x-frame-options'], what).toBe('DENY')
  expect(h['referrer-policy'], what).toBe('strict-origin-when-cross-origin')
  const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? ''
  expect(scripts, what).not.toContain('unsafe-inline')
  if (opts.page) expect(scripts, what).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/)
  // Served over http here: no HSTS (a unit test covers https).
  expect(h['strict-transport-security'], what).toBeUndefined()
}

test('every page and route kind carries the security headers; pages\' scripts run under a per-response nonce', async ({ page, baseURL }) => {
  const slug = await signInWithWorkspace(page, uniqueEmail('headers'), 'Headers Co')
  const req = page.request
  const workspaceId = ((await (await req.get('/api/workspaces')).json()) as { workspaces: { id: string; slug: string }[] }).workspaces.find((w) => w.slug === slug)!.id
  const maps = ((await (await req.get(`/api/v1/maps?workspace=${workspaceId}`)).json()) as { maps?: { id: string }[]; data?: { id: string }[] })
  const mapId = (maps.maps ?? maps.data ?? [])[0]?.id

  const pages = ['/signin', `/w/${slug}/maps`, `/w/${slug}/settings/general`, `/w/${slug}/settings/sso`, '/account', '/no-such-page', `/w/not-mine/maps`]
  const nonces = new Set<string>()
  for (const path of pages) {
    const r = await req.get(path, { failOnStatusCode: false })
    expectSecurityHeaders(path, r, { page: true })
    const html = await r.text()
    const nonce = /'nonce-([^']+)'/.exec(r.headers()['content-security-policy']!)![1]!
    nonces.add(nonce)
    // Next.js put this response's nonce on its scripts.
    expect(html, path).toContain(`nonce="${nonce}"`)
  }
  expect(nonces.size).toBe(pages.length)

  const routes = [
    '/api/health',
    '/api/workspaces',
    `/api/workspaces/${workspaceId}/touchpoints/export.csv`,
    '/api/v1/openapi.json',
    ...(mapId ? [`/api/workspaces/${workspaceId}/maps/${mapId}/export/csv`, `/api/workspaces/${workspaceId}/maps/${mapId}/export/json`] : []),
    '/api/auth/csrf',
  ]
  for (const path of routes) expectSecurityHeaders(path, await req.get(path, { failOnStatusCode: false }), { page: false })
  expectSecurityHeaders('refused POST', await req.post('/api/workspaces', { headers: { origin: 'https://evil.example' }, data: {}, failOnStatusCode: false }), { page: false })
  const html = await (await req.get(`/w/${slug}/maps`)).text()
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)![0]
  expectSecurityHeaders('static asset', await req.get(asset), { page: false })

  // In Chromium: no script is refused on a page, and another site cannot frame the settings page.
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
  })
  await page.goto(`/w/${slug}/settings/general`)
  await expect(page.getByRole('button', { name: /save|rename/i }).first()).toBeVisible()
  expect(violations).toEqual([])

  await expect(page.getByText('Delete workspace').first()).toBeVisible()
  // Another port of the same host is the same site: the session cookie would go along with the frame's request.
  const other = await page.context().newPage()
  await other.goto(`${idpIssuer()}/.well-known/openid-configuration`)
  let framedStatus = 0
  other.on('response', (r) => {
    if (r.url().includes('/settings/general')) framedStatus = r.status()
  })
  await other.setContent(`<iframe id="f" src="${baseURL}/w/${slug}/settings/general" width="800" height="600"></iframe>`)
  await expect.poll(() => framedStatus).toBe(200)
  await other.waitForTimeout(500)
  const framed = other.frames().find((f) => f !== other.mainFrame())
  const inside = framed ? await framed.locator('body').innerText({ timeout: 1000 }).catch(() => '') : ''
  expect(inside).not.toContain('Delete workspace')
  await other.close()
})
