import { expect, test, type Page } from '@playwright/test'
import { inviteAndJoin, signInWithWorkspace, uniqueEmail } from './helpers'

const cell = (page: Page, stage: string, segment: string) => page.getByRole('list', { name: `Touchpoints in ${stage}, ${segment}` })

async function addCard(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add a touchpoint to Before purchase, Shoppers' }).click()
  const combo = page.getByRole('combobox', { name: 'Touchpoint name' })
  await combo.fill(name)
  await combo.press('Enter')
  await expect(cell(page, 'Before purchase', 'Shoppers').getByText(name)).toBeVisible()
  await page.keyboard.press('Escape')
}

test('versions: a restore reaches two open editors live, and undoing it brings the map back', async ({ page: manager, browser }) => {
  test.setTimeout(180_000)
  await manager.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(manager, uniqueEmail('ver-mgr'), 'Versions Co')
  const editor = await inviteAndJoin(manager, browser, slug, uniqueEmail('ver-ed'), 'editor')

  await manager.goto(`/w/${slug}/maps`)
  await manager.getByLabel('Name', { exact: true }).fill('Shop')
  await manager.getByLabel('Template').selectOption('purchase')
  await manager.getByRole('button', { name: 'Create map' }).click()
  await expect(manager).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  const mapPath = new URL(manager.url()).pathname
  await expect(manager.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await manager.getByRole('button', { name: 'Add segment' }).first().click()
  await manager.getByRole('dialog').getByLabel('Name').fill('Shoppers')
  await manager.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  await addCard(manager, 'Invoice email')
  await addCard(manager, 'Store')

  // A named version from the map's Versions page.
  await manager.getByRole('link', { name: 'Versions' }).click()
  await expect(manager.getByRole('heading', { name: 'Versions of Shop' })).toBeVisible()
  await manager.getByLabel('Name', { exact: true }).fill('Two cards')
  await manager.getByRole('button', { name: 'Save version' }).click()
  await expect(manager.getByTestId('versions')).toContainText('Two cards')

  // Both on the map; a third card added after the version.
  await manager.goto(mapPath)
  await editor.goto(mapPath)
  await expect(cell(editor, 'Before purchase', 'Shoppers').getByText('Store')).toBeVisible({ timeout: 20_000 })
  await addCard(editor, 'Mobile app')
  await expect(cell(manager, 'Before purchase', 'Shoppers').getByText('Mobile app')).toBeVisible()

  // The manager restores the version from another tab: both open editors follow, live.
  const restorer = await manager.context().newPage()
  await restorer.goto(`${mapPath}/versions`)
  await restorer.getByRole('link', { name: 'Open the version “Two cards”' }).click()
  await expect(restorer.getByText('What changed since this version')).toBeVisible()
  await expect(restorer.getByTestId('changes')).toContainText('Mobile app')
  restorer.once('dialog', (d) => void d.accept())
  await restorer.getByRole('button', { name: 'Restore this version' }).click()
  await expect(restorer.getByRole('status')).toContainText('Restored: 0 added, 0 changed, 1 removed.')
  for (const p of [manager, editor]) {
    await expect(cell(p, 'Before purchase', 'Shoppers').getByText('Mobile app')).toHaveCount(0, { timeout: 10_000 })
    await expect(cell(p, 'Before purchase', 'Shoppers').getByText('Invoice email')).toBeVisible()
  }

  // Undo: the map as it was just before the restore, in both editors.
  await restorer.getByRole('button', { name: 'Undo the restore' }).click()
  await expect(restorer.getByRole('status')).toContainText('The restore was undone.')
  for (const p of [manager, editor]) await expect(cell(p, 'Before purchase', 'Shoppers').getByText('Mobile app')).toBeVisible({ timeout: 10_000 })
  // The history shows the named version and the ones saved before the restore and before the undo (and the automatic one of the first edit).
  await restorer.goto(`${mapPath}/versions`)
  const history = restorer.getByTestId('versions')
  await expect(history.getByRole('listitem').filter({ hasText: 'Before a restore' })).toHaveCount(2)
  await expect(history.getByText('Two cards', { exact: true })).toHaveCount(1)
})
