import { expect, test, type Page } from '@playwright/test'
import { inviteAndJoin, mailApi, signInWithWorkspace, uniqueEmail } from './helpers'
import { listMail } from '../support/mail-client'

const cell = (page: Page, stage: string, segment: string) => page.getByRole('list', { name: `Touchpoints in ${stage}, ${segment}` })

/** The owner signs off their review from "My touchpoints": the link opens the checklist. */
async function signOff(editor: Page, slug: string, name: string) {
  await editor.goto(`/w/${slug}/my`)
  const reviews = editor.getByTestId('my-reviews')
  await expect(reviews).toContainText(name, { timeout: 15_000 })
  await reviews.getByRole('link', { name }).click()
  const dialog = editor.getByRole('dialog', { name: `Review of ${name}` })
  await expect(dialog).toBeVisible()
  // Signing off with the checklist half done names what is missing.
  await dialog.getByLabel(/The details are still accurate/).check()
  await dialog.getByRole('button', { name: 'Sign off' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Refresh the scores before signing off')
  await dialog.getByLabel('The scores are refreshed').check()
  await dialog.getByLabel('Yes, keep it').check()
  await dialog.getByLabel('Supporting processes and people are current').check()
  await dialog.getByLabel('New touchpoints seen at this stage').fill('none')
  await dialog.getByRole('button', { name: 'Sign off' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Signed off. A manager will approve it or send it back.')
  await dialog.getByRole('button', { name: 'Close' }).click()
}

/** The manager approves the one signed-off review on the audit's page; at 100% the audit closes. */
async function approve(manager: Page, name: string) {
  const dialogOpener = manager.getByRole('button', { name: `Approve or send back ${name}` })
  await expect(dialogOpener).toBeVisible({ timeout: 15_000 })
  await dialogOpener.click()
  const dialog = manager.getByRole('dialog', { name: `Review of ${name}` })
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Approved.')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(manager.getByTestId('campaign-progress')).toHaveText('1 of 1 review approved')
  await expect(manager.getByText('This audit is closed: it is kept as it was.')).toBeVisible()
}

test('audits: started and scheduled by a manager, signed off by the owner from My touchpoints, approved to 100%, with what changed in between', async ({ page: manager, browser }) => {
  test.setTimeout(240_000)
  await manager.setViewportSize({ width: 1440, height: 1000 })
  const slug = await signInWithWorkspace(manager, uniqueEmail('audit-mgr'), 'Audit Co')
  const editorEmail = uniqueEmail('audit-ed')
  const editor = await inviteAndJoin(manager, browser, slug, editorEmail, 'editor')

  // A map with one touchpoint, owned by the editor.
  await manager.goto(`/w/${slug}/maps`)
  await manager.getByLabel('Name', { exact: true }).fill('Shop')
  await manager.getByLabel('Template').selectOption('purchase')
  await manager.getByRole('button', { name: 'Create map' }).click()
  await expect(manager).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
  await expect(manager.getByRole('heading', { name: 'Map one segment at a time' })).toBeVisible({ timeout: 20_000 })
  await manager.getByRole('button', { name: 'Add segment' }).first().click()
  await manager.getByRole('dialog').getByLabel('Name').fill('Shoppers')
  await manager.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  await manager.getByRole('button', { name: 'Add a touchpoint to Before purchase, Shoppers' }).click()
  const combo = manager.getByRole('combobox', { name: 'Touchpoint name' })
  await combo.fill('Invoice email')
  await combo.press('Enter')
  await expect(cell(manager, 'Before purchase', 'Shoppers').getByText('Invoice email')).toBeVisible()
  await manager.keyboard.press('Escape')
  await expect(async () => {
    await manager.goto(`/w/${slug}/touchpoints`)
    await manager.getByRole('link', { name: 'Invoice email' }).click({ timeout: 2000 })
  }).toPass({ timeout: 20_000 })
  const form = manager.getByRole('form', { name: 'Owner' })
  await form.getByLabel('Person').selectOption({ label: editorEmail })
  await form.getByRole('button', { name: 'Save owner' }).click()
  await expect(manager.getByText('Owner saved.')).toBeVisible()

  // A first audit, started by hand: nothing earlier to compare with.
  await manager.goto(`/w/${slug}/audits`)
  await expect(manager.getByRole('heading', { name: 'No audits yet' })).toBeVisible()
  await manager.getByLabel('Scope').first().selectOption({ label: 'Map: Shop' })
  await manager.getByLabel('Name', { exact: true }).fill('First audit')
  await manager.getByRole('button', { name: 'Start the audit' }).click()
  await expect(manager.getByText('The audit has started; each owner has their review task.')).toBeVisible()
  await expect(manager.getByTestId('open-audit')).toContainText('0 of 1 review approved')
  await signOff(editor, slug, 'Invoice email')
  await manager.getByTestId('open-audit').getByRole('link', { name: 'First audit' }).click()
  await expect(manager.getByText('This is the first audit of this scope')).toBeVisible()
  await approve(manager, 'Invoice email')

  // An edit between the audits.
  await manager.goto(`/w/${slug}/touchpoints`)
  await manager.getByRole('link', { name: 'Invoice email' }).click()
  await manager.getByRole('link', { name: 'Open Shop' }).click()
  await expect(cell(manager, 'Before purchase', 'Shoppers').getByText('Invoice email')).toBeVisible({ timeout: 20_000 })
  await cell(manager, 'Before purchase', 'Shoppers').getByText('Invoice email').click()
  const details = manager.getByRole('dialog', { name: /Invoice email/ })
  await details.getByRole('textbox', { name: 'Description' }).fill('Sent on the first of the month')
  await details.getByRole('textbox', { name: 'Description' }).blur()
  await manager.keyboard.press('Escape')

  // The manager schedules audits of the map, the first today: the job queue opens it.
  await manager.goto(`/w/${slug}/audits`)
  await manager.locator('summary', { hasText: 'Schedule audits' }).click()
  const schedule = manager.getByRole('form', { name: 'Schedule audits' })
  await schedule.getByLabel('Scope').selectOption({ label: 'Map: Shop' })
  await schedule.getByLabel('How often').selectOption('custom')
  await schedule.getByLabel('Interval in days').fill('0')
  await schedule.getByRole('button', { name: 'Save the schedule' }).click()
  await expect(schedule.getByText('The interval is at least 1 day')).toBeVisible()
  await schedule.getByLabel('How often').selectOption('quarterly')
  await schedule.getByRole('button', { name: 'Save the schedule' }).click()
  await expect(manager.getByText(/^Saved\. The next audit opens/)).toBeVisible()
  await expect(async () => {
    await manager.reload()
    await expect(manager.getByTestId('open-audit')).toContainText('Scheduled', { timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(manager.getByTestId('schedules')).toContainText('Every quarter')

  // The owner sees the review on My touchpoints and signs it off; the manager approves; the audit closes at 100%.
  await signOff(editor, slug, 'Invoice email')
  await manager.getByTestId('open-audit').getByRole('link').first().click()
  const changes = manager.getByTestId('changes')
  await expect(changes).toContainText('Invoice email')
  await expect(changes).toContainText('Description: “” → “Sent on the first of the month”')
  await approve(manager, 'Invoice email')
  // Closed audits can be opened as they were, and compared.
  await manager.getByRole('link', { name: 'Open the map as it was' }).click()
  await expect(manager.getByTestId('snapshot-grid')).toContainText('Invoice email')
  await manager.goto(`/w/${slug}/audits`)
  await expect(manager.getByTestId('closed-audits').getByRole('listitem')).toHaveCount(2)
  await manager.getByRole('button', { name: 'Compare' }).click()
  await expect(manager.getByRole('heading', { name: 'Two audits side by side' })).toBeVisible()
  await expect(manager.getByTestId('changes')).toContainText('Sent on the first of the month')

  // The owner was told by email when each audit started.
  const mails = await listMail(mailApi(), editorEmail)
  expect(mails.filter((m) => /has started: review your touchpoints/.test(m.subject))).toHaveLength(2)
})
