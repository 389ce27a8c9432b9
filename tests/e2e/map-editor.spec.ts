import { expect, test, type Page } from '@playwright/test'
import { inviteAndJoin, signInWithWorkspace, uniqueEmail } from './helpers'

const live = (page: Page) => expect(page.getByRole('table', { name: /Touchpoint map/ })).toBeVisible({ timeout: 20_000 })
const cell = (page: Page, stage: string, segment: string) => page.getByRole('list', { name: `Touchpoints in ${stage}, ${segment}` })

test('two people co-edit one map live (add, move by keyboard, edit); a reload keeps it; a viewer can change nothing', async ({ page: owner, browser }) => {
  test.setTimeout(180_000)
  const slug = await signInWithWorkspace(owner, uniqueEmail('mapowner'), 'Contoso Journeys')
  const editorEmail = uniqueEmail('mapeditor')
  const viewerEmail = uniqueEmail('mapviewer')
  const editor = await inviteAndJoin(owner, browser, slug, editorEmail, 'editor')
  const viewer = await inviteAndJoin(owner, browser, slug, viewerEmail, 'viewer')

  // The owner creates a map from the purchase-phase template.
  await owner.goto(`/w/${slug}/maps`)
  await owner.getByLabel('Name', { exact: true }).fill('Online shopping')
  await owner.getByLabel('Template').selectOption('purchase')
  await owner.getByRole('button', { name: 'Create map' }).click()
  await expect(owner).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  const mapUrl = new URL(owner.url()).pathname
  await expect(owner.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await expect(owner.getByText('Live', { exact: true })).toBeVisible()

  await editor.goto(mapUrl)
  await expect(editor.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })

  // A segment, named in its dialog; the editor sees the row appear.
  await owner.getByRole('button', { name: 'Add segment' }).first().click()
  const dialog = owner.getByRole('dialog')
  await dialog.getByLabel('Name').fill('Online shoppers')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await live(owner)
  await live(editor)
  await expect(editor.getByRole('rowheader', { name: /Online shoppers/ })).toBeVisible({ timeout: 1000 })

  // Add: a new touchpoint through the combobox.
  await owner.getByRole('button', { name: 'Add a touchpoint to Before purchase, Online shoppers' }).click()
  const combo = owner.getByRole('combobox', { name: 'Touchpoint name' })
  await combo.fill('Invoice email')
  await expect(owner.getByRole('option', { name: /Create “Invoice email”/ })).toBeVisible()
  await combo.press('Enter')
  await expect(cell(owner, 'Before purchase', 'Online shoppers').getByText('Invoice email')).toBeVisible()
  await expect(cell(editor, 'Before purchase', 'Online shoppers').getByText('Invoice email')).toBeVisible({ timeout: 1000 })
  // A new touchpoint opens its details at once, in the description, to fill in.
  const created = owner.getByRole('dialog', { name: /Invoice email/ })
  await expect(created).toBeVisible()
  await expect(created.getByRole('textbox', { name: 'Description' })).toBeFocused()
  await owner.keyboard.type('Sent with every order')
  await owner.keyboard.press('Escape')
  await expect(created).toBeHidden()

  // Presence: each sees the other.
  await expect(owner.getByRole('list', { name: 'People on this map' }).getByRole('listitem')).toHaveCount(2)

  // Move by keyboard, in the editor's browser: Space picks up, an arrow moves, Enter drops.
  const card = editor.locator('[data-placement]', { hasText: 'Invoice email' })
  await card.focus()
  // Presence on the card: the owner sees who is on it.
  await expect(owner.getByTestId('card-editors')).toBeVisible({ timeout: 1000 })
  await editor.keyboard.press('Space')
  await expect(editor.getByTestId('editor-announcer')).toContainText('Picked up Invoice email')
  await editor.keyboard.press('ArrowRight')
  await expect(editor.getByTestId('editor-announcer')).toContainText('During purchase')
  await editor.keyboard.press('Enter')
  await expect(cell(editor, 'During purchase', 'Online shoppers').getByText('Invoice email')).toBeVisible()
  await expect(cell(owner, 'During purchase', 'Online shoppers').getByText('Invoice email')).toBeVisible({ timeout: 1000 })
  await expect(cell(owner, 'Before purchase', 'Online shoppers').getByText('Invoice email')).toHaveCount(0)

  // Edit in the side panel: a bad value is refused with a message, a good one reaches the owner.
  await editor.locator('[data-placement]', { hasText: 'Invoice email' }).focus()
  await editor.keyboard.press('Enter')
  const panel = editor.getByRole('dialog', { name: /Invoice email/ })
  await expect(panel).toBeVisible()
  const name = panel.getByRole('textbox', { name: 'Name', exact: true })
  await name.fill('   ')
  await expect(panel.getByText('Enter a name')).toBeVisible()
  await name.fill('Invoice email')
  // Live as typed: while the editor is still typing (never pausing), the owner already sees the name grow.
  await name.press('End')
  let typingDone = false
  const typing = name.pressSequentially(' (PDF attached to the order)', { delay: 60 }).then(() => (typingDone = true))
  await expect(cell(owner, 'During purchase', 'Online shoppers').getByText(/^Invoice email \(PDF a/)).toBeVisible({ timeout: 1500 })
  expect(typingDone).toBe(false)
  await typing
  await expect(cell(owner, 'During purchase', 'Online shoppers').getByText('Invoice email (PDF attached to the order)')).toBeVisible({ timeout: 1000 })
  await name.fill('Invoice email (PDF)')
  await name.press('Enter')
  await expect(cell(owner, 'During purchase', 'Online shoppers').getByText('Invoice email (PDF)')).toBeVisible({ timeout: 1000 })
  await panel.getByLabel('Supporting processes (backstage)').fill('Billing run at night')
  await panel.getByLabel('Supporting processes (backstage)').blur()
  await editor.keyboard.press('Escape')
  await expect(panel).toBeHidden()

  // The owner edits too, and the editor sees it; the backstage view shows the supporting process.
  await owner.getByLabel('Backstage', { exact: true }).check()
  await expect(owner.getByTestId('backstage').getByText('Billing run at night')).toBeVisible({ timeout: 1000 })

  // Per-user undo: the owner's own addition goes away on Undo, in both browsers.
  await owner.getByRole('button', { name: 'Add a touchpoint to After purchase, Online shoppers' }).click()
  await owner.getByRole('combobox', { name: 'Touchpoint name' }).fill('Delivery')
  await owner.getByRole('combobox', { name: 'Touchpoint name' }).press('Enter')
  await expect(cell(editor, 'After purchase', 'Online shoppers').getByText('Delivery')).toBeVisible({ timeout: 1000 })
  await expect(owner.getByRole('dialog', { name: /Delivery/ })).toBeVisible()
  await owner.keyboard.press('Escape')
  await expect(owner.getByRole('dialog', { name: /Delivery/ })).toBeHidden()
  await owner.getByRole('button', { name: 'Undo' }).click()
  await expect(cell(editor, 'After purchase', 'Online shoppers').getByText('Delivery')).toHaveCount(0, { timeout: 1000 })
  // ... and the editor's rename was not undone by it.
  await expect(cell(owner, 'During purchase', 'Online shoppers').getByText('Invoice email (PDF)')).toBeVisible()

  // Move by mouse (HTML5 drag and drop), in the owner's browser.
  await owner.locator('[data-placement]', { hasText: 'Invoice email (PDF)' }).dragTo(cell(owner, 'After purchase', 'Online shoppers'))
  await expect(cell(owner, 'After purchase', 'Online shoppers').getByText('Invoice email (PDF)')).toBeVisible()
  await expect(cell(editor, 'After purchase', 'Online shoppers').getByText('Invoice email (PDF)')).toBeVisible({ timeout: 1000 })

  // A reload keeps everything.
  await owner.reload()
  await live(owner)
  await expect(cell(owner, 'After purchase', 'Online shoppers').getByText('Invoice email (PDF)')).toBeVisible()
  await expect(cell(owner, 'Before purchase', 'Online shoppers').locator('[data-placement]')).toHaveCount(0)
  await expect(cell(owner, 'During purchase', 'Online shoppers').locator('[data-placement]')).toHaveCount(0)

  // The map's name is edited in the header: a bad name is refused with a message; a good one reaches the others live.
  await owner.getByRole('button', { name: 'Rename the map Online shopping' }).click()
  const mapName = owner.getByRole('textbox', { name: 'Map name' })
  await expect(mapName).toBeFocused()
  await mapName.fill('   ')
  await expect(owner.getByText('Enter a map name')).toBeVisible()
  await mapName.press('Enter')
  await expect(mapName).toBeVisible()
  await mapName.fill('x'.repeat(121))
  await expect(owner.getByText('A map name can have at most 120 characters')).toBeVisible()
  await mapName.fill('Online shopping 2027')
  await mapName.press('Enter')
  await expect(owner.getByRole('heading', { name: 'Online shopping 2027', level: 1 })).toBeVisible()
  await expect(editor.getByRole('heading', { name: 'Online shopping 2027', level: 1 })).toBeVisible({ timeout: 1000 })
  // Undo gives the old name back, everywhere; redo the new one.
  await owner.getByRole('button', { name: 'Undo' }).click()
  await expect(editor.getByRole('heading', { name: 'Online shopping', exact: true, level: 1 })).toBeVisible({ timeout: 1000 })
  await owner.getByRole('button', { name: 'Redo' }).click()
  await expect(editor.getByRole('heading', { name: 'Online shopping 2027', level: 1 })).toBeVisible({ timeout: 1000 })

  // The viewer: sees the map, has no add or drag controls, reads the panel.
  await viewer.goto(mapUrl)
  await live(viewer)
  await expect(viewer.getByText('View only: you can read this map but not change it.')).toBeVisible()
  const viewerCard = viewer.locator('[data-placement]', { hasText: 'Invoice email (PDF)' })
  await expect(viewerCard).toBeVisible()
  await expect(viewerCard).toHaveAttribute('draggable', 'false')
  await expect(viewer.getByRole('button', { name: /^Add a touchpoint to/ })).toHaveCount(0)
  await expect(viewer.getByRole('button', { name: 'Add stage' })).toHaveCount(0)
  await expect(viewer.getByRole('button', { name: 'Undo' })).toHaveCount(0)
  await expect(viewer.getByRole('button', { name: /^Rename the map/ })).toHaveCount(0)
  await viewerCard.click()
  const viewerPanel = viewer.getByRole('dialog', { name: /Invoice email \(PDF\)/ })
  await expect(viewerPanel.getByRole('textbox', { name: 'Name', exact: true })).toHaveAttribute('readonly', '')
  await expect(viewerPanel.getByRole('button', { name: 'Remove from this cell' })).toHaveCount(0)
  await viewer.keyboard.press('Escape')
  // Space does not pick a card up for a viewer.
  await viewerCard.focus()
  await viewer.keyboard.press('Space')
  await expect(viewer.locator('[data-lifted]')).toHaveCount(0)

  // A change forced through the viewer's own socket is refused by the server: the owner never sees it.
  await viewer.evaluate(() => {
    const docs = window.__touchmapEditor!
    docs.mapDoc.getMap('meta').set('name', 'Hacked by a viewer')
    docs.catalogDoc.getMap<import('yjs').Map<unknown>>('touchpoints').forEach((tp) => tp.set('name', 'Hacked by a viewer'))
  })
  await expect(viewer.getByRole('heading', { name: 'Hacked by a viewer', level: 1 })).toBeVisible()
  await owner.waitForTimeout(1500)
  await expect(owner.getByRole('heading', { name: 'Online shopping', level: 1 })).toBeVisible()
  await expect(owner.getByText('Hacked by a viewer')).toHaveCount(0)
  await expect(editor.getByText('Hacked by a viewer')).toHaveCount(0)
  await viewer.reload()
  await live(viewer)
  await expect(viewer.getByRole('heading', { name: 'Online shopping', level: 1 })).toBeVisible()
  await expect(viewer.getByText('Hacked by a viewer')).toHaveCount(0)

  await editor.context().close()
  await viewer.context().close()
})
