import type { Page } from 'playwright-core'
import { extractLink, waitForMail } from './mail-client'

/** The workspace's main pages, below /w/<slug>: what the phone, axe and screenshot checks open. */
export const WORKSPACE_PAGES = [
  '',
  '/my',
  '/maps',
  '/touchpoints',
  '/touchpoints/interactions',
  '/personas',
  '/personas/new',
  '/insights',
  '/analysis',
  '/analysis/distribution',
  '/audits',
  '/notifications',
  '/settings/general',
  '/settings/members',
  '/settings/roles',
  '/settings/departments',
  '/settings/sso',
  '/settings/metrics',
  '/settings/api-keys',
  '/settings/webhooks',
  '/settings/activity',
] as const

export type NamedPage = { name: string; path: string }

/**
 * Every main page of the demo workspace as the demo user sees it: the list
 * above, plus a map, a touchpoint's page and an insight's page (found through
 * their lists, as a person would) and the account page. `page` must be signed
 * in as the demo user.
 */
export async function demoPages(page: Page, base: string): Promise<NamedPage[]> {
  const pages: NamedPage[] = WORKSPACE_PAGES.map((p) => ({ name: p.replace(/\//g, '_').replace(/^_/, '') || 'overview', path: base + p }))
  const hrefOf = async (list: string, link: string) => {
    await page.goto(base + list)
    const href = await page.getByRole('link', { name: link }).first().getAttribute('href')
    if (!href) throw new Error(`no link "${link}" on ${list}`)
    return href
  }
  const mapPath = await hrefOf('/maps', 'Customer lifecycle')
  pages.push({ name: 'map-editor', path: mapPath }, { name: 'map-share', path: `${mapPath}/share` }, { name: 'map-present', path: `${mapPath}/present` }, { name: 'map-competitors', path: `${mapPath}/competitors` })
  pages.push({ name: 'persona-page', path: await hrefOf('/personas', 'Young families') })
  pages.push({ name: 'distribution-map', path: `${base}/analysis/distribution?map=${mapPath.split('/').pop()}` })
  pages.push({ name: 'touchpoint-page', path: await hrefOf('/touchpoints', 'Home delivery') })
  pages.push({ name: 'insight-page', path: await hrefOf('/insights', 'Delivery slots are missed without notice') })
  pages.push({ name: 'audit-open', path: await hrefOf('/audits', 'Winter audit') })
  const spring = await hrefOf('/audits', 'Spring audit')
  pages.push({ name: 'audit-closed', path: spring }, { name: 'audit-snapshot', path: `${spring}/snapshot` })
  pages.push({ name: 'account', path: `/account?from=${base.split('/')[2]}` })
  return pages
}

/** Waits until a page has settled: loaded, and a map's live cards drawn. `idle`: also until the network is idle (screenshots). */
export async function settle(page: Page, opts: { idle?: boolean } = {}): Promise<void> {
  await page.waitForLoadState(opts.idle ? 'networkidle' : 'load').catch(() => {})
  if (/\/maps\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname)) await page.waitForSelector('[aria-roledescription="card"]')
}

/** How far the page itself scrolls sideways (0 when it fits the viewport). */
export const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

/** Signs `page` (baseURL: the app) in as the demo user through the emailed link; returns the demo workspace's base path (/w/<slug>). */
export async function signInAsDemo(page: Page, mailApi: string): Promise<string> {
  const after = new Date()
  await page.goto('/signin')
  await page.getByLabel('Work email').fill('demo@touchmap.example')
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await page.goto(extractLink(await waitForMail(mailApi, 'demo@touchmap.example', { subject: /sign-in link/, after }), '/api/auth/callback/email'))
  await page.waitForURL(/\/w\/[^/]+/)
  return `/w/${new URL(page.url()).pathname.split('/')[2]}`
}
