import { expect, test, type Page } from '@playwright/test'
import { waitForMail } from '../support/mail-client'
import { inviteAndJoin, mailApi, signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when NOTIFY_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.NOTIFY_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: false })
}

/** The workspace id and one touchpoint id, created through the catalog's import route as the signed-in owner. */
async function seedTouchpoint(page: Page, slug: string): Promise<{ workspaceId: string; touchpointId: string }> {
  return page.evaluate(async (slug) => {
    const { workspaces } = (await (await fetch('/api/workspaces')).json()) as { workspaces: { id: string; slug: string }[] }
    const workspaceId = workspaces.find((w) => w.slug === slug)!.id
    const res = await fetch(`/api/workspaces/${workspaceId}/touchpoints/import?commit=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'name,channel\nInvoice email,Email\n',
    })
    await res.text()
    for (let i = 0; i < 50; i++) {
      const { ids } = (await (await fetch(`/api/workspaces/${workspaceId}/touchpoints?ids=1`)).json()) as { ids: string[] }
      if (ids.length) return { workspaceId, touchpointId: ids[0]! }
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error('the imported touchpoint never reached the read model')
  }, slug)
}

test('a mention in a comment raises the bell count live on the other person’s open page, and the notification leads to the touchpoint', async ({ page, browser }) => {
  const ownerEmail = uniqueEmail('owner')
  const slug = await signInWithWorkspace(page, ownerEmail, 'Mention Co')
  const colleagueEmail = uniqueEmail('colleague')
  const colleague = await inviteAndJoin(page, browser, slug, colleagueEmail, 'editor')
  const { touchpointId } = await seedTouchpoint(page, slug)

  // The colleague has their page open: an empty bell, and a panel that teaches what will show up.
  await colleague.goto(`/w/${slug}/touchpoints`)
  const bell = colleague.getByTestId('notification-bell')
  await expect(bell).toHaveAccessibleName('Notifications')
  await expect(colleague.getByTestId('notification-count')).toHaveCount(0)
  await bell.click()
  const panel = colleague.getByRole('dialog', { name: 'Notifications' })
  await expect(panel.getByText('You are all caught up')).toBeVisible()
  await colleague.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
  await expect(bell).toBeFocused()

  // The owner comments on the touchpoint's page and picks the colleague from the @ type-ahead with the keyboard.
  await page.goto(`/w/${slug}/touchpoints/${touchpointId}`)
  const composer = page.getByRole('combobox', { name: 'Add a comment' })
  await composer.click()
  await composer.pressSequentially('Can you check the wording, @colleag')
  const options = page.getByRole('listbox', { name: 'People to mention' })
  await expect(options.getByRole('option', { name: new RegExp(colleagueEmail) })).toBeVisible()
  await shot(page, '1-typeahead')
  await composer.press('Enter')
  await expect(composer).toHaveValue(`Can you check the wording, @${colleagueEmail} `)
  await composer.pressSequentially('?')
  await page.getByRole('button', { name: 'Comment', exact: true }).click()
  const posted = page.getByTestId('comment').filter({ hasText: 'Can you check the wording' })
  await expect(posted).toBeVisible()
  await expect(composer).toHaveValue('')
  await shot(page, '2-thread')

  // A comment that is too long is refused with a clear message, and nothing is lost.
  await composer.fill('x'.repeat(5001))
  await expect(page.getByText('5,001 of 5,000 characters')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Comment', exact: true })).toBeDisabled()
  await composer.fill('')

  // Without a reload, the colleague's bell shows one unread notification.
  await expect(colleague.getByTestId('notification-count')).toHaveText('1')
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread')

  // Keyboard: open, arrow to the notification, and follow it to the touchpoint; it is read now.
  await bell.focus()
  await colleague.keyboard.press('Enter')
  await expect(panel).toBeVisible()
  const item = panel.getByRole('link', { name: /mentioned you on the touchpoint “Invoice email”/ })
  await expect(item).toBeVisible()
  await shot(colleague, '3-bell-panel')
  await colleague.keyboard.press('ArrowDown')
  await expect(item).toBeFocused()
  await colleague.keyboard.press('Enter')
  await expect(colleague).toHaveURL(new RegExp(`/w/${slug}/touchpoints/${touchpointId}$`))
  await expect(colleague.getByTestId('comment').filter({ hasText: 'Can you check the wording' })).toBeVisible()
  await expect(bell).toHaveAccessibleName('Notifications')
  await expect(colleague.getByTestId('notification-count')).toHaveCount(0)

  // The colleague replies; the owner's open page shows the reply and the owner's bell counts it, both without a reload.
  const reply = colleague.getByRole('combobox', { name: 'Add a comment' })
  await reply.fill('On it, the new wording goes out on Monday.')
  await reply.press('Control+Enter')
  await expect(page.getByTestId('comment').filter({ hasText: 'On it, the new wording goes out on Monday.' })).toBeVisible()
  await expect(page.getByTestId('notification-count')).toHaveText('1')

  // The owner deletes their comment: both pages show that a comment was deleted, without its text.
  page.once('dialog', (d) => void d.accept())
  await posted.getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByTestId('comment').filter({ hasText: 'Comment deleted' })).toBeVisible()
  await expect(colleague.getByTestId('comment').filter({ hasText: 'Comment deleted' })).toBeVisible()
  await expect(colleague.getByText('Can you check the wording')).toHaveCount(0)
  // Nobody else can change the colleague's comment: the owner has no Edit or Delete on it.
  const theirs = page.getByTestId('comment').filter({ hasText: 'On it' })
  await expect(theirs.getByRole('button', { name: 'Edit' })).toHaveCount(0)

  // The email went out too.
  const mail = await waitForMail(mailApi(), colleagueEmail, { subject: /mentioned you/ })
  expect(mail.text).toContain(`/w/${slug}/touchpoints/${touchpointId}`)

  // The notifications page lists it, read, and nothing about the colleague's own reply.
  await colleague.goto(`/w/${slug}/notifications`)
  await expect(colleague.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible()
  await expect(colleague.getByRole('link', { name: /mentioned you on the touchpoint/ })).toBeVisible()
  await expect(colleague.getByRole('main').getByRole('listitem')).toHaveCount(1)
  await expect(colleague.getByRole('button', { name: 'Mark read' })).toHaveCount(0)
  await shot(colleague, '4-page')
  // The owner's page: the reply, unread, marked read from the page; the bell follows.
  await page.goto(`/w/${slug}/notifications`)
  await expect(page.getByRole('link', { name: /commented on the touchpoint “Invoice email”/ })).toBeVisible()
  await page.getByRole('button', { name: 'Mark read' }).click()
  await expect(page.getByRole('button', { name: 'Mark read' })).toHaveCount(0)
  await expect(page.getByTestId('notification-count')).toHaveCount(0)
  await colleague.context().close()
})
