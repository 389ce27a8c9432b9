import { expect, test, type Page } from '@playwright/test'
import { waitForMail } from '../support/mail-client'
import { inviteAndJoin, mailApi, signInWithWorkspace, uniqueEmail } from './helpers'

const cell = (page: Page, stage: string, segment: string) => page.getByRole('list', { name: `Touchpoints in ${stage}, ${segment}` })

test('a manager assigns an owner on the touchpoint’s page: the owner’s open map shows it live, and the owner is notified', async ({ page: manager, browser }) => {
  test.setTimeout(180_000)
  const slug = await signInWithWorkspace(manager, uniqueEmail('owner-mgr'), 'Ownership Co')
  const editorEmail = uniqueEmail('owner-ed')
  const editor = await inviteAndJoin(manager, browser, slug, editorEmail, 'editor')

  // The overview teaches before there is anything.
  await manager.goto(`/w/${slug}`)
  await expect(manager.getByRole('heading', { name: 'Start with your touchpoints' })).toBeVisible()

  // A map with one touchpoint on it.
  await manager.goto(`/w/${slug}/maps`)
  await manager.getByLabel('Name', { exact: true }).fill('Online shopping')
  await manager.getByLabel('Template').selectOption('purchase')
  await manager.getByRole('button', { name: 'Create map' }).click()
  await expect(manager).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  const mapUrl = new URL(manager.url()).pathname
  await expect(manager.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await manager.getByRole('button', { name: 'Add segment' }).first().click()
  const dialog = manager.getByRole('dialog')
  await dialog.getByLabel('Name').fill('Online shoppers')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await manager.getByRole('button', { name: 'Add a touchpoint to Before purchase, Online shoppers' }).click()
  const combo = manager.getByRole('combobox', { name: 'Touchpoint name' })
  await combo.fill('Invoice email')
  await expect(manager.getByRole('option', { name: /Create “Invoice email”/ })).toBeVisible()
  await combo.press('Enter')
  await expect(cell(manager, 'Before purchase', 'Online shoppers').getByText('Invoice email')).toBeVisible()

  // The editor has the map open.
  await editor.goto(mapUrl)
  const card = cell(editor, 'Before purchase', 'Online shoppers').locator('[data-placement]', { hasText: 'Invoice email' })
  await expect(card).toBeVisible({ timeout: 20_000 })
  // The card names its owner in a badge (role img, "Owner: <name>"); none yet.
  const ownerBadge = card.getByRole('img', { name: /^Owner: / })
  await expect(ownerBadge).toHaveCount(0)

  // The overview counts it as unowned and leads to the Touchpoints page filtered to the unowned; its name leads to its page.
  await manager.goto(`/w/${slug}`)
  await expect(manager.getByTestId('overview-unowned')).toHaveText('1', { timeout: 10_000 })
  await manager.getByRole('link', { name: /Without an owner/ }).click()
  await expect(manager).toHaveURL(/owner=unowned/)
  await manager.getByRole('link', { name: 'Invoice email' }).click()
  await expect(manager.getByRole('heading', { level: 1, name: 'Invoice email' })).toBeVisible()
  await expect(manager.getByText('This touchpoint has no owner.')).toBeVisible()
  await expect(manager.getByText(/Online shopping/).first()).toBeVisible()

  // Assign the editor as the owner.
  const form = manager.getByRole('form', { name: 'Owner' })
  await form.getByLabel('Person').selectOption({ label: editorEmail })
  await form.getByRole('button', { name: 'Save owner' }).click()
  await expect(manager.getByText('Owner saved.')).toBeVisible()
  await expect(manager.getByTestId('touchpoint-owner')).toContainText(editorEmail)

  // Live on the editor's open map, without a reload.
  await expect(ownerBadge).toHaveCount(1, { timeout: 5000 })
  await expect(ownerBadge).toHaveAccessibleName(/^Owner: owner-ed/)

  // The editor is notified: the bell counts it, and it leads to the touchpoint.
  await expect(editor.getByTestId('notification-count')).toHaveText('1', { timeout: 10_000 })
  await editor.getByTestId('notification-bell').click()
  const panel = editor.getByRole('dialog', { name: 'Notifications' })
  await expect(panel.getByText('You now own “Invoice email”')).toBeVisible()
  const mail = await waitForMail(mailApi(), editorEmail, { subject: /You now own/ })
  expect(mail.text).toContain(`/w/${slug}/touchpoints/`)

  // The history says who changed what.
  await manager.reload()
  await expect(manager.getByText(new RegExp(`changed Owner from – to ${editorEmail.replace(/[.]/g, '\\.')}`))).toBeVisible()

  // The editor sees it in My touchpoints, owner fields read-only on its page, and marks it reviewed.
  await editor.goto(`/w/${slug}/my`)
  await expect(editor.getByRole('rowheader', { name: /Invoice email/ })).toBeVisible()
  await expect(editor.getByText('never reviewed')).toBeVisible()
  await editor.getByRole('link', { name: 'Invoice email' }).click()
  await expect(editor.getByText('Managers, admins and owners assign owners.')).toBeVisible()
  await expect(editor.getByRole('form', { name: 'Owner' })).toHaveCount(0)
  await editor.getByRole('button', { name: 'Mark reviewed' }).click()
  await expect(editor.getByText('Marked reviewed.')).toBeVisible()
  await editor.goto(`/w/${slug}/my`)
  await expect(editor.getByText(/reviewed .*(now|second)/)).toBeVisible()
})

test('the Touchpoints page assigns an owner in bulk and filters to the unowned', async ({ page }) => {
  const email = uniqueEmail('bulk-owner')
  const slug = await signInWithWorkspace(page, email, 'Bulk Owners Co')
  const status = await page.evaluate(async (slug) => {
    const { workspaces } = (await (await fetch('/api/workspaces')).json()) as { workspaces: { id: string; slug: string }[] }
    const workspaceId = workspaces.find((w) => w.slug === slug)!.id
    const res = await fetch(`/api/workspaces/${workspaceId}/touchpoints/import?commit=1`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,channel\nInvoice email,Email\nStore entrance,Store\nHotline,Phone\n' })
    await res.text()
    return res.status
  }, slug)
  expect(status).toBe(200)
  await page.goto(`/w/${slug}/touchpoints?owner=unowned`)
  await expect(page.getByTestId('catalog-count')).toHaveText('3 touchpoints match')
  await page.getByRole('checkbox', { name: 'Select Invoice email' }).check()
  await page.getByRole('checkbox', { name: 'Select Hotline' }).check()
  const bulk = page.getByRole('region', { name: 'Bulk actions' })
  await bulk.getByLabel('Assign owner (person)').selectOption({ label: email })
  await bulk.getByRole('button', { name: 'Assign' }).click()
  await expect(page.getByText('2 touchpoints updated.')).toBeVisible()
  await expect(page.getByTestId('catalog-count')).toHaveText('1 touchpoint match')
  await page.goto(`/w/${slug}/my`)
  await expect(page.getByRole('rowheader')).toHaveCount(2)
  await page.goto(`/w/${slug}`)
  await expect(page.getByTestId('overview-unowned')).toHaveText('1')
  await expect(page.getByTestId('overview-mine')).toHaveText('2')
})
