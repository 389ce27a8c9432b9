import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { signIn } from './helpers'

// One sign-in as the demo user for the file; each test opens the map in a context of its own (its own localStorage).
let session: Awaited<ReturnType<BrowserContext['storageState']>>
let mapsPath: string
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, 'demo@touchmap.example')
  await page.waitForURL(/\/w\/[^/]+$/)
  mapsPath = `${new URL(page.url()).pathname}/maps`
  session = await context.storageState()
  await context.close()
})
// Playwright reads which fixtures a fixture needs from its first parameter: an empty pattern, none.
test.use({ storageState: async ({}, provide) => provide(session), viewport: { width: 1440, height: 900 } })

/** The demo's "Customer lifecycle" map, opened as its owner at desktop size. */
async function openLifecycle(page: Page) {
  await page.goto(mapsPath)
  await page.getByRole('link', { name: /Customer lifecycle/ }).first().click()
  await expect(page.locator('#map-grid [data-placement]').first()).toBeVisible({ timeout: 20_000 })
  await expect(page.getByTestId('map-grid')).toHaveAttribute('data-catalog', 'ready', { timeout: 20_000 })
}

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    const td = el?.closest('td')
    return { placement: el?.dataset.placement ?? null, add: el?.dataset.addCell ?? null, col: td?.cellIndex ?? -1, row: (td?.parentElement as HTMLTableRowElement | null)?.sectionRowIndex ?? -1 }
  })

test('the map by keyboard: a skip link, one Tab stop for the whole grid, arrow keys between cards, Ctrl+End to the last', async ({ page }) => {
  await openLifecycle(page)
  const grid = page.getByTestId('map-grid')
  // One item of the grid is in the Tab order; every other card and "Add" button is reached by arrows.
  await expect(grid.locator('[data-grid-item][tabindex="0"]')).toHaveCount(1)
  expect(await grid.locator('[data-grid-item]').count()).toBeGreaterThan(50)

  await page.getByRole('link', { name: 'Skip to the map' }).focus()
  await page.keyboard.press('Enter')
  const start = await active(page)
  expect(start.placement).not.toBeNull()
  await page.keyboard.press('ArrowRight')
  const right = await active(page)
  expect(right.col).toBeGreaterThan(start.col)
  expect(right.row).toBe(start.row)
  await page.keyboard.press('ArrowDown')
  const down = await active(page)
  expect(down.placement ?? down.add).not.toBeNull()
  expect(down.col).toBe(right.col)
  // Ctrl+End: the last item of the map; it is now the one Tab stop.
  await page.keyboard.press('Control+End')
  const last = await active(page)
  // The last row of cards (the lanes around them, when shown, hold no cards).
  const lastCardRow = await grid.locator('tbody tr:not([data-lane])').last().evaluate((tr) => (tr as HTMLTableRowElement).sectionRowIndex)
  expect(last.row).toBe(lastCardRow)
  await expect(grid.locator('[data-grid-item][tabindex="0"]')).toHaveCount(1)
  // Shift+Tab leaves the grid, Tab comes back to the same item.
  await page.keyboard.press('Shift+Tab')
  expect((await active(page)).col).toBe(-1)
  await page.keyboard.press('Tab')
  expect(await active(page)).toEqual(last)
})

test('zoom: compact and fit show more of the map, remembered after a reload; stage jump; the side panel leaves the card in view', async ({ page }) => {
  await openLifecycle(page)
  const grid = page.getByTestId('map-grid')
  const zoom = page.getByRole('group', { name: 'Zoom' })
  const tableWidth = () => grid.locator('table').evaluate((t) => t.getBoundingClientRect().width)
  const normal = await tableWidth()
  await zoom.getByRole('button', { name: 'Compact' }).click()
  await expect(grid).toHaveAttribute('data-zoom', 'compact')
  expect(await tableWidth()).toBeLessThan(normal * 0.8)
  // Compact cards show the name and the badges, not the kind icon.
  await expect(grid.locator('[data-placement]').first().getByRole('img', { name: /:$/ })).toBeHidden()
  await zoom.getByRole('button', { name: 'Fit' }).click()
  await expect(zoom.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => (await tableWidth()) <= (await grid.evaluate((g) => g.clientWidth)) + 1).toBe(true)
  await page.reload()
  await expect(page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true', { timeout: 20_000 })
  await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: 'Normal' }).click()

  // Go to stage: the last stage comes into view and takes the focus.
  const stages = await grid.locator('thead th').allInnerTexts()
  const lastStage = stages[stages.length - 1]!.split('\n')[0]!
  await page.getByLabel('Go to stage').selectOption({ label: lastStage })
  const focused = await active(page)
  expect(focused.col).toBe(stages.length)
  await expect(grid.locator(`thead th`).last()).toBeInViewport()

  // The side panel does not cover the card it edits: a card of the third stage, opened from the start of the map.
  await grid.evaluate((g) => (g.scrollLeft = 0))
  const card = grid.locator('tbody tr td:nth-child(4) [data-placement]').first()
  await card.focus()
  await page.keyboard.press('Enter')
  const panel = page.getByRole('dialog')
  await expect(panel).toBeVisible()
  await expect.poll(async () => (await card.boundingBox())!.x + (await card.boundingBox())!.width <= (await panel.boundingBox())!.x).toBe(true)
})

test('the map page arrives with its first view drawn on the server (cards before any script runs), replaced by the live grid', async ({ page }) => {
  await openLifecycle(page)
  const html = await (await page.request.get(page.url())).text()
  expect(html).toContain('data-testid="map-first-view"')
  expect(html).toContain('data-preview-card')
  expect(html).toContain('Social media ads')
  // Once live, the first view is gone and the cards are the live grid's.
  await expect(page.getByTestId('map-first-view')).toHaveCount(0)
  await expect(page.locator('#map-grid [data-placement]', { hasText: 'Social media ads' }).first()).toBeVisible()
})
