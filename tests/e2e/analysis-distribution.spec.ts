import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { addCard, signInWithWorkspace, uniqueEmail } from './helpers'

test('distribution analysis: the heatmap counts the map’s cells, follows a stage weight changed in the editor live, and exports CSV and PNG', async ({ page, context }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('dist'), 'Distribution Co')
  await page.goto(`/w/${slug}/analysis/distribution`)
  await expect(page.getByRole('heading', { name: 'No maps to analyse yet' })).toBeVisible()

  await page.goto(`/w/${slug}/maps`)
  await page.getByLabel('Name', { exact: true }).fill('Online shopping')
  await page.getByLabel('Template').selectOption('purchase')
  await page.getByRole('button', { name: 'Create map' }).click()
  await expect(page).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  const mapId = new URL(page.url()).pathname.split('/').pop()!
  await expect(page.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await page.getByRole('button', { name: 'Add segment' }).first().click()
  await page.getByRole('dialog').getByLabel('Name').fill('Online shoppers')
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  await addCard(page, 'Before purchase', 'Online shoppers', 'Search ad')
  await addCard(page, 'Before purchase', 'Online shoppers', 'Product page')
  await addCard(page, 'After purchase', 'Online shoppers', 'Invoice email')

  // The analysis in a second tab, on this map.
  const analysis = await context.newPage()
  await analysis.setViewportSize({ width: 1440, height: 1000 })
  await expect(async () => {
    await analysis.goto(`/w/${slug}/analysis/distribution?map=${mapId}`)
    // All three cards in the read model (the last one a moment after it was added): Before 2, After 1.
    await expect(analysis.getByTestId('heatmap').locator('td[data-count="2"]')).toHaveCount(1, { timeout: 2000 })
    await expect(analysis.getByTestId('heatmap').locator('td[data-count="1"]')).toHaveCount(1, { timeout: 2000 })
    await expect(analysis.getByTestId('unowned').getByRole('link')).toHaveCount(3, { timeout: 2000 })
  }).toPass({ timeout: 20_000 })
  const heatmap = analysis.getByTestId('heatmap')
  // Purchase template: Before (2 touchpoints), During (none), After (1); default weight 3, so no gaps yet.
  await expect(heatmap.locator('tbody td')).toHaveCount(3)
  await expect(heatmap.locator('tbody td').nth(1)).toHaveAttribute('data-count', '0')
  await expect(heatmap.locator('td[data-gap]')).toHaveCount(0)
  await expect(heatmap.getByRole('img', { name: 'Importance 3 of 5' })).toHaveCount(3)
  // Every touchpoint is unowned and generates no data so far.
  await expect(analysis.getByTestId('unowned').getByRole('link')).toHaveCount(3)

  // The manager weighs "During purchase" 5 in the editor: the empty cell becomes a gap, live, and the stage is flagged as under-used.
  await page.getByRole('button', { name: 'Edit stage During purchase' }).click()
  const weight = page.getByRole('dialog').getByLabel('Importance weight (0 to 5)')
  await weight.fill('5')
  await weight.press('Tab')
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  await expect(heatmap.locator('td[data-gap]')).toHaveCount(1, { timeout: 15_000 })
  await expect(heatmap.getByRole('img', { name: 'Importance 5 of 5' })).toHaveCount(1)
  await expect(analysis.getByText('1 gap', { exact: true })).toBeVisible()
  await expect(analysis.getByTestId('under-used').locator('[data-finding="thinImportantStage"]')).toContainText('During purchase')
  await expect(analysis.getByTestId('under-used')).toContainText('Stage weighted 5 of 5 holds only 0% of the touchpoints (0) against 45% of the weight.')

  // The table behind the chart, and the exports.
  await analysis.getByText('Show as a table').first().click()
  await expect(analysis.getByRole('table', { name: 'Touchpoints against importance' }).getByRole('row')).toHaveCount(4)
  const [csv] = await Promise.all([analysis.waitForEvent('download'), analysis.getByRole('link', { name: 'Export Heatmap: stages × segments as CSV' }).click()])
  expect(csv.suggestedFilename()).toMatch(/-analysis-heatmap-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(readFileSync((await csv.path())!, 'utf8')).toBe('stage,weight,Online shoppers\r\nBefore purchase,3,2\r\nDuring purchase,5,0\r\nAfter purchase,3,1\r\n')
  const [png] = await Promise.all([analysis.waitForEvent('download'), analysis.getByRole('button', { name: 'Save Heatmap: stages × segments as PNG' }).click()])
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG')
  const [chartPng] = await Promise.all([analysis.waitForEvent('download'), analysis.getByRole('button', { name: 'Save Touchpoints against importance as PNG' }).click()])
  expect(readFileSync((await chartPng.path())!).length).toBeGreaterThan(2000)

  // The workspace scope lists the map; choosing it from there opens its heatmap.
  await analysis.getByLabel('Analyse').selectOption('')
  await expect(analysis.getByTestId('maps-table').getByRole('row')).toHaveCount(2)
  await expect(analysis).toHaveURL(/\/analysis\/distribution$/)
  await analysis.getByTestId('maps-table').getByRole('button', { name: 'Online shopping' }).click()
  await expect(analysis.getByTestId('heatmap')).toBeVisible()
  await expect(analysis).toHaveURL(new RegExp(`map=${mapId}`))
})
