import { expect, test, type Page } from '@playwright/test'
import { signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when EVALUATION_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.EVALUATION_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true })
}

const CSV = ['name,kind,channel', 'Invoice email,communication,Email', 'Review portal,communication,Web', 'Store entrance,physical,Store'].join('\r\n')

async function importTouchpoints(page: Page, slug: string) {
  await page.goto(`/w/${slug}/touchpoints`)
  await page.getByRole('button', { name: 'Import CSV' }).first().click()
  await page.getByLabel(/^CSV file \(UTF-8/).setInputFiles({ name: 'touchpoints.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') })
  await page.getByRole('button', { name: 'Import 3 touchpoints' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 3 new touchpoints' })).toBeVisible()
}

/** Picks a 1-5 rating in the score panel's radio group for `group` (a criterion, Importance, or Effort to improve). */
async function rate(page: Page, group: string, n: number) {
  const radios = page.getByRole('dialog').getByRole('radiogroup', { name: group, exact: true }).getByRole('radio')
  await radios.nth(n - 1).check()
  await expect(radios.nth(n - 1)).toBeChecked()
  await expect(page.getByRole('dialog').getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
}

test('score touchpoints on the analysis page; the "improve next" list and its order follow scores, estimates and weights, live', async ({ page, context }) => {
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('eval'), 'Evaluation Co')
  await importTouchpoints(page, slug)

  await page.goto(`/w/${slug}/analysis`)
  await expect(page.getByRole('heading', { name: 'Nothing scored yet' })).toBeVisible()
  await expect(page.getByTestId('unscored').getByRole('listitem')).toHaveCount(3)
  await shot(page, '1-nothing-scored')

  // A second tab on the same page sees the scores arrive without a reload.
  const watcher = await context.newPage()
  await watcher.goto(`/w/${slug}/analysis`)
  await expect(watcher.getByRole('heading', { name: 'Nothing scored yet' })).toBeVisible()

  // Invoice email: good, critical, cheap to improve.
  await page.getByRole('button', { name: 'Score Invoice email' }).click()
  const dialog = page.getByRole('dialog', { name: 'Score Invoice email' })
  await expect(dialog.getByRole('heading', { name: 'Evaluation' })).toBeVisible()
  await expect(dialog.getByText('Is it significant and useful to the customer?')).toBeVisible()
  await rate(page, 'Value', 4)
  await rate(page, 'Importance', 5)
  await rate(page, 'Effort to improve', 1)
  // The team's view: one person, mean 4.0 for value.
  await expect(dialog.getByText('Team mean 4.0 from 1 person')).toBeVisible()
  await expect(dialog.getByTestId('panel-priority')).toContainText('of 100')
  await shot(page, '2-score-panel')
  // Keyboard: arrow keys move within a radio group, and each move is saved.
  const fit = dialog.getByRole('radiogroup', { name: 'Fit', exact: true }).getByRole('radio')
  await fit.nth(2).check()
  await page.keyboard.press('ArrowRight')
  await expect(fit.nth(3)).toBeChecked()
  await expect(dialog.getByText('Team mean 4.0 from 1 person')).toHaveCount(2)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()

  const list = page.getByTestId('improve-next').getByTestId('improve-next-item')
  const watched = watcher.getByTestId('improve-next').getByTestId('improve-next-item')
  await expect(list).toHaveCount(1)
  await expect(list.first()).toContainText('Invoice email')
  await expect(list.first()).toContainText('Ranks high because: importance 5 of 5, effort only 1 of 5')
  await expect(watched.first()).toContainText('Invoice email')

  // Review portal: poor, unimportant, a large project.
  await page.getByRole('button', { name: 'Score Review portal' }).click()
  await rate(page, 'Value', 2)
  await rate(page, 'Importance', 1)
  await rate(page, 'Effort to improve', 5)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  // Default weights: importance and low effort outweigh Review portal's lower score.
  await expect(list).toHaveCount(2)
  await expect(list.nth(0)).toContainText('Invoice email')
  await expect(list.nth(1)).toContainText('Review portal')
  // (3 x (5-1)/4 + 3 x (5-4)/4 + 2 x (5-1)/4 + 2 x (100-83.3)/100) / 14 and (3 x (5-2)/4 + 2 x (100-50)/100) / 14, as
  // "How the priority is computed" says (on no map, so their journey part is 0 of its weight 2; health from the
  // experience score and no complaints: (2 x 0.75 + 1) / 3 = 83.3 and (2 x 0.25 + 1) / 3 = 50).
  await expect(list.nth(0).getByTestId('priority')).toHaveText('43.5')
  await expect(list.nth(1).getByTestId('priority')).toHaveText('23.2')
  await expect(page.getByText(/has no effort estimate/)).toBeHidden()
  await expect(page.getByTestId('unscored').getByRole('listitem')).toHaveCount(1)
  await expect(watched).toHaveCount(2)
  await shot(page, '3-improve-next')

  // Weigh the score gap alone: the poorly scored one leads, in a preview first.
  const weight = (p: Page, name: string) => p.getByRole('slider', { name: `Weight of ${name}` })
  for (const name of ['Importance', 'Low effort', 'Open insights', 'Journey weight', 'Poor health']) {
    await weight(page, name).focus()
    await page.keyboard.press('Home')
  }
  await weight(page, 'Score gap').focus()
  await page.keyboard.press('End')
  await expect(page.getByText('Previewing unsaved weights')).toBeVisible()
  await expect(list.nth(0)).toContainText('Review portal')
  await expect(list.nth(0).getByTestId('priority')).toHaveText('75.0')
  await expect(list.nth(1).getByTestId('priority')).toHaveText('25.0')
  // Unsaved: nobody else's ranking changed.
  await expect(watched.nth(0)).toContainText('Invoice email')
  await page.getByRole('button', { name: 'Save weights' }).click()
  await expect(page.getByText("Weights saved. Everyone's ranking now follows them.")).toBeVisible()
  await expect(page.getByText('Previewing unsaved weights')).toBeHidden()
  await expect(watched.nth(0)).toContainText('Review portal')
  await expect(weight(watcher, 'Score gap')).toHaveValue('5')

  // The saved weights are the workspace's: after a reload they are still in force.
  await page.reload()
  await expect(weight(page, 'Score gap')).toHaveValue('5')
  await expect(weight(page, 'Importance')).toHaveValue('0')
  await expect(list.nth(0)).toContainText('Review portal')
  await page.getByText('Show the matrix as a table').click()
  await expect(page.getByRole('table', { name: 'Prioritisation matrix' }).getByRole('row')).toHaveCount(3)
  await expect(page.getByRole('link', { name: /^Review portal: value 75, effort 5/ })).toBeVisible()
  // A bubble reached by keyboard is named on the chart itself.
  await expect(page.getByTestId('matrix-label')).toHaveCount(0)
  await page.getByRole('link', { name: /^Review portal: value 75, effort 5/ }).focus()
  await expect(page.getByTestId('matrix-label')).toHaveText('Review portal')
  await shot(page, '4-matrix')

  // On a phone: one column, nothing wider than the screen, the list still first.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(list.nth(0)).toContainText('Review portal')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.getByRole('button', { name: 'Score Store entrance' }).click()
  await expect(page.getByRole('dialog', { name: 'Score Store entrance' }).getByRole('radiogroup', { name: 'Simplicity', exact: true })).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await shot(page, '5-phone')
  await watcher.close()
})
