import { expect, test, type Page } from '@playwright/test'
import { inviteAndJoin, signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when MAP_BADGES_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.MAP_BADGES_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true })
}

const cell = (page: Page, stage: string, segment: string) => page.getByRole('list', { name: `Touchpoints in ${stage}, ${segment}` })
const card = (page: Page, name: string) => cell(page, 'Before purchase', 'Online shoppers').locator('[data-placement]', { hasText: name })
const NO_OWNER = 'No owner yet: every touchpoint needs one'

async function addCard(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add a touchpoint to Before purchase, Online shoppers' }).click()
  const combo = page.getByRole('combobox', { name: 'Touchpoint name' })
  await combo.fill(name)
  await expect(page.getByRole('option', { name: new RegExp(`Create “${name}”`) })).toBeVisible()
  await combo.press('Enter')
  await expect(card(page, name)).toBeVisible()
  // A new touchpoint opens its details: close them.
  await page.getByRole('button', { name: 'Close details' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
}

test('map cards: score badges update live, unowned touchpoints are flagged and counted, only managers and up assign owners', async ({ page: owner, browser }) => {
  test.setTimeout(240_000)
  const slug = await signInWithWorkspace(owner, uniqueEmail('badges-owner'), 'Badges Co')
  const managerEmail = uniqueEmail('badges-mgr')
  const manager = await inviteAndJoin(owner, browser, slug, managerEmail, 'manager')
  const editor = await inviteAndJoin(owner, browser, slug, uniqueEmail('badges-ed'), 'editor')

  // A map with two touchpoints, neither owned.
  await owner.goto(`/w/${slug}/maps`)
  await owner.getByLabel('Name', { exact: true }).fill('Online shopping')
  await owner.getByLabel('Template').selectOption('purchase')
  await owner.getByRole('button', { name: 'Create map' }).click()
  await expect(owner).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  const mapUrl = new URL(owner.url()).pathname
  await expect(owner.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await owner.getByRole('button', { name: 'Add segment' }).first().click()
  await owner.getByRole('dialog').getByLabel('Name').fill('Online shoppers')
  await owner.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  await addCard(owner, 'Invoice email')
  await addCard(owner, 'Store entrance')

  // The editor has the map open: both cards are flagged, and counted.
  await editor.goto(mapUrl)
  await expect(card(editor, 'Invoice email')).toBeVisible({ timeout: 20_000 })
  await expect(card(editor, 'Invoice email').getByRole('img', { name: NO_OWNER })).toBeVisible()
  await expect(card(editor, 'Store entrance').getByRole('img', { name: NO_OWNER })).toBeVisible()
  const count = editor.getByTestId('unowned-count')
  await expect(count).toHaveText('2 unowned')
  await expect(card(editor, 'Invoice email').getByRole('img', { name: /^Score / })).toHaveCount(0)

  // The owner scores Invoice email on the analysis page (once the read model has it): the editor's card shows the score, live.
  await expect(async () => {
    await owner.goto(`/w/${slug}/analysis`)
    await expect(owner.getByRole('button', { name: 'Score Invoice email' })).toBeVisible({ timeout: 2000 })
  }).toPass({ timeout: 20_000 })
  await owner.getByRole('button', { name: 'Score Invoice email' }).click()
  const drawer = owner.getByRole('dialog', { name: 'Score Invoice email' })
  const value = drawer.getByRole('radiogroup', { name: 'Value', exact: true }).getByRole('radio')
  await value.nth(3).check()
  await expect(drawer.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
  const badge = card(editor, 'Invoice email').getByRole('img', { name: /^Score \d\.\d from 1 person$/ })
  await expect(badge).toBeVisible({ timeout: 10_000 })
  await expect(badge).toHaveAccessibleName('Score 4.0 from 1 person')
  await expect(card(editor, 'Store entrance').getByRole('img', { name: /^Score / })).toHaveCount(0)
  await shot(editor, '1-badges')
  // A second score changes it again, still without a reload.
  await drawer.getByRole('radiogroup', { name: 'Value', exact: true }).getByRole('radio').nth(1).check()
  await expect(card(editor, 'Invoice email').getByRole('img', { name: 'Score 2.0 from 1 person' })).toBeVisible({ timeout: 10_000 })

  // The editor sees the owner as text, with who assigns it, and a way to the touchpoint's page.
  await card(editor, 'Invoice email').click()
  const panel = editor.getByRole('dialog')
  await expect(panel.getByText('Managers, admins and owners assign owners.')).toBeVisible({ timeout: 10_000 })
  await expect(panel.getByRole('combobox', { name: 'Owner (person)' })).toHaveCount(0)
  await expect(panel.getByRole('combobox', { name: 'Owner (department)' })).toHaveCount(0)
  await expect(panel.getByTestId('panel-owner')).toContainText('Nobody')
  await expect(panel.getByText(/^No owner yet\. Every touchpoint needs an owner/)).toBeVisible()
  const link = panel.getByRole('link', { name: 'Open touchpoint page: insights, scores, comments' })
  await expect(link).toHaveAttribute('href', new RegExp(`^/w/${slug}/touchpoints/[0-9a-f-]{36}$`))
  // Other fields stay editable for the editor.
  await expect(panel.getByLabel('Channel', { exact: true })).toBeEditable()
  await shot(editor, '2-editor-panel')
  await panel.getByRole('button', { name: 'Close details' }).click()

  // The manager assigns themself in the map's panel: the editor's map loses the flag and the count drops, live.
  await manager.goto(mapUrl)
  await card(manager, 'Invoice email').click({ timeout: 20_000 })
  const mpanel = manager.getByRole('dialog')
  await expect(mpanel.getByText('Managers, admins and owners assign owners.')).toHaveCount(0)
  await mpanel.getByRole('combobox', { name: 'Owner (person)' }).selectOption({ label: managerEmail })
  await mpanel.getByRole('button', { name: 'Close details' }).click()
  await expect(card(editor, 'Invoice email').getByRole('img', { name: /^Owner: badges-mgr/ })).toBeVisible({ timeout: 10_000 })
  await expect(card(editor, 'Invoice email').getByRole('img', { name: NO_OWNER })).toHaveCount(0)
  await expect(count).toHaveText('1 unowned')

  // The count filters the map to the unowned, and back.
  await count.click()
  await expect(count).toHaveAttribute('aria-pressed', 'true')
  await shot(editor, '3-unowned-only')
  await expect(card(editor, 'Invoice email')).toHaveCount(0)
  await expect(card(editor, 'Store entrance')).toBeVisible()
  await count.click()
  await expect(count).toHaveAttribute('aria-pressed', 'false')
  await expect(card(editor, 'Invoice email')).toBeVisible()

  // The owner survives a reload (the server kept the manager's change).
  await editor.reload()
  await expect(card(editor, 'Invoice email').getByRole('img', { name: /^Owner: badges-mgr/ })).toBeVisible({ timeout: 20_000 })
  await expect(card(editor, 'Invoice email').getByRole('img', { name: 'Score 2.0 from 1 person' })).toBeVisible({ timeout: 10_000 })
})
