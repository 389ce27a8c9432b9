import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { demoPages, settle, sidewaysOverflow, type NamedPage } from '../support/main-pages'
import { signIn } from './helpers'

// One sign-in as the demo user for the whole file: its session and the list of main pages are shared by the tests.
let session: Awaited<ReturnType<BrowserContext['storageState']>>
let pages: NamedPage[]
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await signIn(page, 'demo@touchmap.example')
  await page.waitForURL(/\/w\/[^/]+$/)
  pages = await demoPages(page, new URL(page.url()).pathname)
  session = await context.storageState()
  await context.close()
})

/** A page of its own, signed in as the demo user. */
async function demo(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<Page> {
  return (await browser.newContext({ storageState: session, viewport })).newPage()
}

test('no main page scrolls sideways on a 390 px phone, and the menu there shows every section', async ({ browser }) => {
  test.setTimeout(180_000)
  const page = await demo(browser, { width: 390, height: 844 })
  const wide: string[] = []
  for (const p of pages) {
    await page.goto(p.path)
    await settle(page)
    const overflow = await sidewaysOverflow(page)
    if (overflow > 0) wide.push(`${p.name} (${p.path}) is ${overflow} px wider than the screen`)
  }
  expect(wide).toEqual([])

  // The menu: one button opens every section; Escape closes it and focus returns to the button.
  await page.goto(pages[0]!.path)
  const menuButton = page.getByRole('button', { name: 'Menu' })
  await menuButton.click()
  const drawer = page.getByRole('dialog', { name: 'Workspace' })
  const sections = ['Overview', 'My touchpoints', 'Maps', 'Touchpoints', 'Personas', 'Insights', 'Analysis', 'Audits', 'Settings']
  for (const name of sections) await expect(drawer.getByRole('link', { name, exact: true })).toBeInViewport()
  await expect(drawer.getByRole('button', { name: 'Sign out' })).toBeInViewport()
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  await expect(menuButton).toBeFocused()
  await menuButton.click()
  await drawer.getByRole('link', { name: 'Insights', exact: true }).click()
  await expect(page).toHaveURL(/\/insights$/)
  await expect(drawer).toBeHidden()
})

test('axe finds no serious or critical violation on any main page at desktop width', async ({ browser }) => {
  test.setTimeout(240_000)
  const page = await demo(browser)
  const found: string[] = []
  for (const p of pages) {
    await page.goto(p.path)
    await settle(page)
    const { violations } = await new AxeBuilder({ page }).analyze()
    for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      found.push(`${p.name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
    }
  }
  expect(found).toEqual([])
})

test('the app has its icons: favicon, SVG icon, apple icon and manifest', async ({ request }) => {
  for (const [path, type] of [
    ['/favicon.ico', /image\/(x-icon|vnd.microsoft.icon)/],
    ['/icon.svg', /image\/svg\+xml/],
    ['/apple-icon.png', /image\/png/],
    ['/manifest.webmanifest', /application\/manifest\+json/],
  ] as const) {
    const res = await request.get(path)
    expect(res.status(), path).toBe(200)
    expect(res.headers()['content-type'], path).toMatch(type)
  }
})

test('dates read one way on every page, and a touchpoint shows its insights over time as a chart with a table', async ({ browser }) => {
  test.setTimeout(120_000)
  const page = await demo(browser)
  const at = (name: string) => pages.find((p) => p.name === name)!.path
  const medium = /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/ // en: "Dec 2, 2026"
  await page.goto(at('insights'))
  await expect(page.locator('main time').first()).toHaveText(medium)
  await page.goto(at('touchpoints'))
  await expect(page.getByRole('table', { name: 'Touchpoints' }).locator('time').first()).toHaveText(medium)
  await page.goto(at('touchpoint-page'))
  const insights = page.getByTestId('touchpoint-insights')
  await expect(insights.locator('ul time').first()).toHaveText(medium)
  await expect(insights.locator('figure svg.recharts-surface')).toBeVisible()
  await insights.getByText('Show the numbers as a table').click()
  const table = insights.getByRole('table', { name: 'Insights per month' })
  await expect(table.getByRole('row')).toHaveCount(13)
  await expect(table.getByRole('rowheader').first()).toHaveText(/^[A-Z][a-z]{2} \d{4}$/)
  await page.goto(at('insight-page'))
  await expect(page.locator('main time').first()).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M$/)
})
