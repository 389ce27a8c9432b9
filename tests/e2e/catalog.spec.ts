import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when CATALOG_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.CATALOG_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: false })
}

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') })

const BAD = [
  'name,kind,ownership,control,channel,description',
  'Invoice email,communication,owned,direct,Email,"Sent after every order, with the ""thank you"" note"',
  'Sales rep visit,robot,owned,direct,Field sales,',
  'Review portal,communication,earned,indirect,Web,',
].join('\r\n')
const GOOD = BAD.replace('robot', 'human')

test('import a CSV with one bad row (nothing written), fix it, import, then search, filter and export', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const slug = await signInWithWorkspace(page, uniqueEmail('catalog'), 'Catalog Co')
  await page.goto(`/w/${slug}/touchpoints`)
  await expect(page.getByRole('heading', { name: 'Your touchpoint catalog is empty' })).toBeVisible()
  await shot(page, '1-empty')

  await page.getByRole('button', { name: 'Import CSV' }).first().click()
  const file = page.getByLabel(/^CSV file \(UTF-8/)
  await file.setInputFiles(csvFile('touchpoints.csv', BAD))
  const errors = page.getByTestId('import-errors')
  await expect(errors).toBeVisible()
  await expect(page.getByText('1 problem to fix; nothing was written')).toBeVisible()
  const row = errors.getByRole('row').nth(1)
  await expect(row.getByRole('cell').nth(0)).toHaveText('3')
  await expect(row.getByRole('cell').nth(1)).toHaveText('kind')
  await expect(row.getByRole('cell').nth(2)).toContainText('communication, human, physical, sensory')
  await expect(page.getByText('Preview: the first rows of touchpoints.csv')).toBeVisible()
  await shot(page, '2-import-errors')
  // Nothing was written.
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Your touchpoint catalog is empty' })).toBeVisible()

  await page.getByRole('button', { name: 'Import CSV' }).first().click()
  await page.getByLabel(/^CSV file \(UTF-8/).setInputFiles(csvFile('touchpoints.csv', GOOD))
  await expect(page.getByText(/Ready: 3 new touchpoints, 0 updates/)).toBeVisible()
  await shot(page, '3-import-ready')
  await page.getByRole('button', { name: 'Import 3 touchpoints' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 3 new touchpoints' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Touchpoints' })
  await expect(table.getByRole('row')).toHaveCount(4)
  await expect(table.getByRole('cell', { name: 'Sales rep visit', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Close import' }).click()
  await shot(page, '4-table')

  await page.getByRole('searchbox', { name: 'Search touchpoints' }).fill('invoice')
  await expect(page.getByTestId('catalog-count')).toHaveText('1 touchpoint match')
  await expect(table.getByRole('cell', { name: 'Invoice email', exact: true })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search touchpoints' }).fill('')
  await page.getByLabel('Ownership').selectOption('earned')
  await expect(page.getByTestId('catalog-count')).toHaveText('1 touchpoint match')
  await expect(table.getByRole('cell', { name: 'Review portal', exact: true })).toBeVisible()
  // The filters live in the URL: a reload (or a shared link) shows the same list.
  await expect(page).toHaveURL(/ownership=earned/)
  await page.reload()
  await expect(page.getByLabel('Ownership')).toHaveValue('earned')
  await expect(page.getByTestId('catalog-count')).toHaveText('1 touchpoint match')
  await page.getByRole('searchbox', { name: 'Search touchpoints' }).fill('zeppelin')
  await expect(page.getByRole('heading', { name: 'No touchpoint matches' })).toBeVisible()
  await shot(page, '7-no-match')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page.getByTestId('catalog-count')).toHaveText('3 touchpoints')
  if (process.env.CATALOG_SCREENSHOTS) {
    await page.setViewportSize({ width: 900, height: 800 })
    await shot(page, '8-narrow')
    await page.setViewportSize({ width: 1440, height: 900 })
  }

  // Sorting by name, descending.
  await page.getByRole('button', { name: 'Sort by Name' }).click()
  await expect(page.getByRole('columnheader', { name: 'Sort by Name' })).toHaveAttribute('aria-sort', 'descending')
  await expect(table.getByRole('row').nth(1)).toContainText('Sales rep visit')

  // Bulk: retire one.
  await page.getByRole('checkbox', { name: 'Select Review portal' }).check()
  await expect(page.getByRole('region', { name: 'Bulk actions' })).toContainText('1 selected')
  await shot(page, '4b-bulk')
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Retire' }).click()
  await expect(page.getByRole('status').filter({ hasText: '1 touchpoint updated' })).toBeVisible()
  await expect(table.getByRole('row').filter({ hasText: 'Review portal' })).toContainText('Retired')

  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Export CSV' }).click()
  const csv = readFileSync((await (await download).path())!, 'utf8')
  expect(csv.split('\r\n')[0]).toContain('id,name,kind,ownership,control,channel')
  expect(csv).toContain('"Sent after every order, with the ""thank you"" note"')
  expect(csv).toContain('Review portal')
  expect(csv.trim().split('\r\n')).toHaveLength(4)
})

test('5,000 touchpoints: the table renders a window of rows and scrolls to the last', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const slug = await signInWithWorkspace(page, uniqueEmail('catalog-big'), 'Big Catalog Co')
  await page.goto(`/w/${slug}/touchpoints`)
  const kinds = ['communication', 'human', 'physical', 'sensory']
  const rows = Array.from({ length: 5000 }, (_, i) => `Touchpoint ${String(i + 1).padStart(4, '0')},${kinds[i % 4]},Channel ${i % 37}`)
  await page.getByRole('button', { name: 'Import CSV' }).first().click()
  await page.getByLabel(/^CSV file \(UTF-8/).setInputFiles(csvFile('big.csv', ['name,kind,channel', ...rows].join('\n')))
  await page.getByRole('button', { name: 'Import 5,000 touchpoints' }).click({ timeout: 30_000 })
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 5,000 new touchpoints' })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Close import' }).click()
  await expect(page.getByTestId('catalog-count')).toHaveText('5,000 touchpoints')
  const table = page.getByRole('table', { name: 'Touchpoints' })
  expect(await table.getByRole('row').count()).toBeLessThan(80)
  await shot(page, '5-five-thousand')
  await page.getByTestId('catalog-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(table.getByRole('cell', { name: 'Touchpoint 5000', exact: true })).toBeVisible({ timeout: 15_000 })
  await shot(page, '6-scrolled')
})
