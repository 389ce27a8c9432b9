import { expect, test, type Page } from '@playwright/test'
import { addCard, cell, signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when JOURNEY_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.JOURNEY_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true })
}

async function newMap(page: Page, slug: string, name: string, opts: { starters?: string[] } = {}): Promise<string> {
  await page.goto(`/w/${slug}/maps`)
  const form = page.getByRole('region', { name: 'New map' })
  await form.getByLabel('Name', { exact: true }).fill(name)
  await form.getByLabel('Template', { exact: true }).selectOption('purchase')
  if (opts.starters?.length) {
    await form.getByText('Start with common touchpoints (optional)').click()
    for (const s of opts.starters) await form.getByRole('checkbox', { name: new RegExp(`^${s}`) }).check()
  }
  await form.getByRole('button', { name: 'Create map' }).click()
  await expect(page).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  return new URL(page.url()).pathname.split('/').pop()!
}

async function addRow(page: Page, name: string, persona?: string) {
  await page.getByRole('button', { name: 'Add segment' }).first().click()
  const dialog = page.getByRole('dialog')
  if (persona) {
    await expect(dialog.getByLabel('Stands for')).toBeEnabled()
    await dialog.getByLabel('Stands for').selectOption({ label: persona })
    await expect(dialog.getByRole('heading', { name: persona })).toBeVisible()
  } else {
    await dialog.getByLabel('Name').fill(name)
  }
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toBeHidden()
}

async function stageWeight(page: Page, stage: string, weight: number) {
  await page.getByRole('button', { name: `Edit stage ${stage}` }).click()
  const field = page.getByRole('dialog').getByLabel('Importance weight (0 to 5)')
  await field.fill(String(weight))
  await field.press('Tab')
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
}

async function score(page: Page, touchpoint: string) {
  await page.getByRole('button', { name: `Score ${touchpoint}` }).click()
  const radios = page.getByRole('dialog').getByRole('radiogroup', { name: 'Value', exact: true }).getByRole('radio')
  await radios.nth(2).check()
  await expect(page.getByRole('dialog').getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
}

test('a persona of the library on two maps: changing its goal re-ranks "Improve next" at once, with the reason in words', async ({ page, context }) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('persona'), 'Persona Co')

  await page.goto(`/w/${slug}/personas`)
  await expect(page.getByRole('heading', { name: 'No personas yet' })).toBeVisible()
  await page.getByRole('link', { name: 'New persona' }).first().click()
  // Bad input is refused with a clear message, and nothing is saved.
  await page.getByRole('button', { name: 'Create persona' }).click()
  await expect(page.getByText('Enter a name')).toBeVisible()
  await page.getByLabel('Name', { exact: true }).fill('Churn risk')
  await page.getByLabel('Profile').fill('Customers whose orders dropped in the last quarter.')
  await page.getByLabel('Strategic goal').selectOption('develop')
  await page.getByRole('button', { name: 'Create persona' }).click()
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/personas$`))
  await expect(page.getByTestId('persona-card')).toContainText('Develop · priority 4 (from its goal)')

  // Map 1: the persona on "After purchase", weighted 5, holding the loyalty programme.
  await newMap(page, slug, 'Retention')
  await expect(page.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await addRow(page, 'Churn risk', 'Churn risk')
  await stageWeight(page, 'After purchase', 5)
  await addCard(page, 'After purchase', 'Churn risk', 'Loyalty programme')

  // Map 2: a map-only row of priority 3 on a stage weighted 4 holds the online ads; the persona is on this map too.
  await newMap(page, slug, 'Acquisition')
  await expect(page.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await addRow(page, 'Prospects')
  await stageWeight(page, 'Before purchase', 4)
  await addCard(page, 'Before purchase', 'Prospects', 'Online ads')
  await addRow(page, 'Churn risk', 'Churn risk')

  // Where it is used comes from the read model, a moment after the edit.
  await expect(async () => {
    await page.goto(`/w/${slug}/personas`)
    await expect(page.getByTestId('persona-card')).toContainText('On 2 maps: Acquisition, Retention', { timeout: 2000 })
  }).toPass({ timeout: 20_000 })

  // Both scored alike: only the journey tells them apart. Develop (weight 2) x 5 = 10 < priority 3 (weight 3) x 4 = 12.
  const analysis = await context.newPage()
  await analysis.setViewportSize({ width: 1440, height: 1000 })
  await analysis.goto(`/w/${slug}/analysis`)
  await score(analysis, 'Loyalty programme')
  await score(analysis, 'Online ads')
  const list = analysis.getByTestId('improve-next').getByTestId('improve-next-item')
  await expect(list).toHaveCount(2)
  await expect(list.nth(0)).toContainText('Online ads')
  await expect(list.nth(1)).toContainText('Loyalty programme')
  await shot(analysis, '1-before')

  // The manager changes the persona's goal; the open analysis page re-ranks without a reload.
  await page.getByRole('link', { name: 'Churn risk' }).click()
  await page.getByLabel('Strategic goal').selectOption('prevent_churn')
  await page.getByRole('button', { name: 'Save persona' }).click()
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/personas$`))
  await expect(list.nth(0)).toContainText('Loyalty programme', { timeout: 15_000 })
  await expect(list.nth(0).getByTestId('rank-reasons')).toContainText('on the After purchase stage (weight 5) of “Churn risk” (prevent churn)')
  await shot(analysis, '2-after')

  // The rows that stand for it follow on both maps.
  await page.goto(`/w/${slug}/maps`)
  await page.getByRole('link', { name: 'Acquisition' }).click()
  await expect(page.getByRole('rowheader', { name: /Churn risk/ })).toContainText('Prevent churn · Priority 1', { timeout: 20_000 })
})

test('the starter library links what the catalog has; a duplicated map edits on its own, on the same catalog touchpoints', async ({ page }) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('starter'), 'Starter Co')
  await newMap(page, slug, 'Billing')
  await expect(page.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await addRow(page, 'Customers')
  await addCard(page, 'After purchase', 'Customers', 'Invoice email')

  // The form knows the catalog from the read model, a moment after the edit.
  await expect(async () => {
    await page.goto(`/w/${slug}/maps`)
    await page.getByText('Start with common touchpoints (optional)').click()
    await expect(page.getByText('Already in your catalog as “Invoice email”: linked')).toBeVisible({ timeout: 2000 })
  }).toPass({ timeout: 20_000 })
  await shot(page, '3-starters')
  await newMap(page, slug, 'From the starters', { starters: ['Billing and pricing', 'Live chat'] })
  await expect(cell(page, 'After purchase', 'Customers').locator('[data-placement]', { hasText: 'Invoice email' })).toBeVisible({ timeout: 20_000 })
  await expect(cell(page, 'During purchase', 'Customers').locator('[data-placement]', { hasText: 'Live chat' })).toBeVisible()
  await page.goto(`/w/${slug}/touchpoints`)
  await expect(page.getByRole('link', { name: 'Invoice email', exact: true })).toHaveCount(1)
  await expect(page.getByRole('link', { name: 'Live chat', exact: true })).toHaveCount(1)

  // Duplicate "From the starters" with its cards, then edit the copy.
  await page.goto(`/w/${slug}/maps`)
  const card = page.getByTestId('map-card').filter({ hasText: 'From the starters' })
  await card.getByRole('button', { name: 'Duplicate' }).click()
  await card.getByLabel('Name of the copy').fill('Starters, second try')
  await card.getByRole('button', { name: 'Duplicate', exact: true }).last().click()
  await expect(page).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  await expect(cell(page, 'After purchase', 'Customers').locator('[data-placement]', { hasText: 'Invoice email' })).toBeVisible({ timeout: 20_000 })
  await addCard(page, 'Before purchase', 'Customers', 'Phone line')
  await page.goto(`/w/${slug}/maps`)
  await page.getByRole('link', { name: 'From the starters' }).click()
  await expect(cell(page, 'After purchase', 'Customers').locator('[data-placement]', { hasText: 'Invoice email' })).toBeVisible({ timeout: 20_000 })
  await expect(cell(page, 'Before purchase', 'Customers').locator('[data-placement]')).toHaveCount(0)
  await page.goto(`/w/${slug}/touchpoints`)
  await expect(page.getByRole('link', { name: 'Invoice email', exact: true })).toHaveCount(1)
})

test('a share link opens without signing in, follows a live edit, presents stage by stage, and dies on revocation', async ({ page, browser }) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('share'), 'Share Co')
  const mapId = await newMap(page, slug, 'Store visit')
  await expect(page.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await addRow(page, 'Families')
  await addCard(page, 'Before purchase', 'Families', 'Shop window')

  await page.getByRole('link', { name: 'Share and present' }).click()
  await expect(page).toHaveURL(new RegExp(`/maps/${mapId}/share$`))
  await page.getByLabel('Label (who it is for)').fill('Design agency')
  await page.getByRole('button', { name: 'Create link' }).click()
  const address = await page.getByTestId('share-url').getByRole('textbox').inputValue()
  expect(address).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/)
  await shot(page, '4-share')

  // A stranger's browser: no session at all.
  const stranger = await (await browser.newContext()).newPage()
  await stranger.setViewportSize({ width: 1280, height: 800 })
  await stranger.goto(address)
  await expect(stranger.getByTestId('shared-map-name')).toHaveText('Store visit')
  await expect(stranger.getByTestId('shared-card')).toHaveText(['Shop window'])
  await expect(stranger.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/)
  // The token opens nothing else of the workspace.
  expect((await stranger.request.get(`/w/${slug}/maps`, { maxRedirects: 0 })).status()).toBe(307)
  expect((await stranger.request.get(`/api/workspaces/x/insights`)).status()).toBe(401)

  // A live edit in the editor reaches the shared view without a reload.
  await page.goto(`/w/${slug}/maps/${mapId}`)
  await addCard(page, 'After purchase', 'Families', 'Thank-you card')
  await expect(stranger.getByTestId('shared-card')).toHaveText(['Shop window', 'Thank-you card'], { timeout: 15_000 })
  await shot(stranger, '5-shared')

  // Present mode: full screen, stage by stage with the arrow keys.
  await stranger.getByRole('button', { name: 'Present' }).click()
  await expect(stranger.getByTestId('present-stage')).toHaveText('Before purchase')
  await stranger.keyboard.press('ArrowRight')
  await expect(stranger.getByTestId('present-stage')).toHaveText('During purchase')
  await stranger.keyboard.press('ArrowRight')
  await expect(stranger.getByTestId('present-view')).toContainText('Thank-you card')
  await shot(stranger, '6-present')
  await stranger.keyboard.press('Escape')
  await expect(stranger.getByTestId('present-view')).toBeHidden()

  // Revoked: the open view is told at once, and the address is a 404.
  await page.goto(`/w/${slug}/maps/${mapId}/share`)
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('share-link').getByRole('button', { name: /Revoke/ }).click()
  await expect(page.getByTestId('share-link')).toContainText('Revoked')
  await expect(stranger.getByTestId('share-gone')).toBeVisible({ timeout: 5_000 })
  const again = await stranger.goto(address)
  expect(again?.status()).toBe(404)
})

test('the lanes around the touchpoints: customer actions above the line of visibility, backstage below, an emotion curve per row, live in a second tab', async ({ page, context }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(page, uniqueEmail('lanes'), 'Lanes Co')
  const mapId = await newMap(page, slug, 'Journey')
  await expect(page.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await addRow(page, 'Families')
  await addCard(page, 'Before purchase', 'Families', 'Shop window')

  // An empty map shows no lanes until someone turns them on.
  await expect(page.locator('tr[data-lane]')).toHaveCount(0)
  await page.getByTestId('lane-menu').click()
  for (const lane of ['Customer actions and thoughts', 'Backstage processes and people', 'Emotion curve']) await page.getByRole('group', { name: 'Lanes' }).getByLabel(lane, { exact: true }).selectOption('shown')
  await page.getByTestId('lane-menu').click()
  await expect(page.getByRole('rowheader', { name: /Line of visibility/ })).toBeVisible()

  const watcher = await context.newPage()
  await watcher.setViewportSize({ width: 1440, height: 1000 })
  await watcher.goto(`/w/${slug}/maps/${mapId}`)
  await expect(watcher.getByRole('rowheader', { name: /Line of visibility/ })).toBeVisible({ timeout: 20_000 })

  await page.getByRole('button', { name: 'Edit Customer actions and thoughts at Before purchase' }).click()
  const text = page.getByLabel('Customer actions and thoughts at Before purchase')
  await text.fill('x'.repeat(1001))
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('A lane can hold at most 1000 characters per stage')).toBeVisible()
  await text.fill('Walks past on a Saturday. “Is it open on Sundays?”')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('button', { name: 'Edit Backstage processes and people at Before purchase' }).click()
  await page.getByLabel('Backstage processes and people at Before purchase').fill('Visual merchandising changes the window monthly.')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByLabel('Emotion of Families at Before purchase').selectOption('2')
  await page.getByLabel('Emotion of Families at After purchase').selectOption('-1')

  // The second tab follows, and reads the lanes as table rows.
  await expect(watcher.getByRole('row').filter({ has: watcher.getByRole('rowheader', { name: /Customer actions and thoughts/ }) })).toContainText('Is it open on Sundays?')
  await expect(watcher.getByRole('row').filter({ has: watcher.getByRole('rowheader', { name: /Backstage processes/ }) })).toContainText('Visual merchandising')
  await expect(watcher.getByLabel('Emotion of Families at Before purchase')).toHaveValue('2')
  await expect(watcher.getByRole('img', { name: 'Emotion curve of Families across the stages' })).toBeVisible()
  await shot(page, '7-lanes')

})
