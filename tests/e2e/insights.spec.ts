import { expect, test, type Page } from '@playwright/test'
import { inviteAndJoin, signInWithWorkspace, uniqueEmail } from './helpers'

/** Screenshots for a person to look at, when INSIGHTS_SCREENSHOTS names a folder. */
async function shot(page: Page, name: string) {
  const dir = process.env.INSIGHTS_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true })
}

/** One touchpoint in the catalog, through the catalog's import route, as the signed-in owner. */
async function seedTouchpoint(page: Page, slug: string, name: string) {
  await page.evaluate(
    async ({ slug, name }) => {
      const { workspaces } = (await (await fetch('/api/workspaces')).json()) as { workspaces: { id: string; slug: string }[] }
      const workspaceId = workspaces.find((w) => w.slug === slug)!.id
      await (await fetch(`/api/workspaces/${workspaceId}/touchpoints/import?commit=1`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `name\n${name}\n` })).text()
      for (let i = 0; i < 50; i++) {
        const { ids } = (await (await fetch(`/api/workspaces/${workspaceId}/touchpoints?ids=1`)).json()) as { ids: string[] }
        if (ids.length) return
        await new Promise((r) => setTimeout(r, 200))
      }
      throw new Error('the touchpoint never reached the read model')
    },
    { slug, name },
  )
}

async function addInsight(page: Page, fields: { title: string; body?: string; type: string; source: string; touchpoint?: string }) {
  const form = page.getByRole('form', { name: 'Add an insight' })
  await form.getByLabel('Title').fill(fields.title)
  if (fields.body) await form.getByLabel('Details').fill(fields.body)
  await form.getByLabel('Type').selectOption({ label: fields.type })
  await form.getByLabel('Source', { exact: true }).selectOption({ label: fields.source })
  if (fields.touchpoint) {
    const picker = form.getByRole('combobox', { name: 'Touchpoints' })
    await picker.fill(fields.touchpoint.slice(0, 5))
    await form.getByRole('listbox', { name: 'Touchpoints' }).getByRole('option', { name: fields.touchpoint, exact: true }).click()
  }
  await form.getByRole('button', { name: 'Add insight' }).click()
}

test('insights: add by form, live arrival in another open feed, then triage (assign, status with a note, merge)', async ({ page, browser }) => {
  const ownerEmail = uniqueEmail('ins-owner')
  const slug = await signInWithWorkspace(page, ownerEmail, 'Insight Co')
  const colleagueEmail = uniqueEmail('ins-editor')
  const colleague = await inviteAndJoin(page, browser, slug, colleagueEmail, 'editor')
  await seedTouchpoint(page, slug, 'Hotline')

  // An empty feed teaches where insights come from; the first one is added through the form.
  await page.goto(`/w/${slug}/insights`)
  await expect(page.getByRole('heading', { name: 'Collect what customers tell you, in one place' })).toBeVisible()
  await shot(page, '1-empty')
  await page.getByRole('button', { name: 'Add the first insight' }).click()
  // A form with a missing type is refused with a message at the field, and keeps what was typed.
  const form = page.getByRole('form', { name: 'Add an insight' })
  await form.getByLabel('Title').fill('Callers wait too long')
  await form.getByRole('button', { name: 'Add insight' }).click()
  await expect(form.getByText(/Choose a type/)).toBeVisible()
  await expect(form.getByLabel('Title')).toHaveValue('Callers wait too long')
  await addInsight(page, { title: 'Callers wait too long', body: 'Twelve minutes on average before an agent answers', type: 'Complaint', source: 'Support or hotline', touchpoint: 'Hotline' })
  await expect(page.getByText('The insight was added to the feed.')).toBeVisible()
  const feed = page.getByTestId('insight-feed')
  await expect(feed.getByRole('link', { name: /Callers wait too long/ })).toBeVisible()
  await expect(feed.getByText('Touchpoints: Hotline')).toBeVisible()

  // The owner's feed stays open; the colleague adds an insight in their own browser: it arrives without a reload.
  await colleague.goto(`/w/${slug}/insights`)
  await colleague.getByRole('button', { name: 'Add insight' }).first().click()
  await addInsight(colleague, { title: 'Hold music is too loud', body: 'Several callers said the waiting music hurts', type: 'Complaint', source: 'Survey' })
  await expect(colleague.getByText('The insight was added to the feed.')).toBeVisible()
  const banner = page.getByTestId('new-insights')
  await expect(banner).toHaveText(/1 new insight/, { timeout: 15_000 })
  await banner.click()
  const fresh = feed.locator('li').filter({ hasText: 'Hold music is too loud' })
  await expect(fresh).toHaveAttribute('data-unread', 'true')
  await shot(page, '2-feed')

  // Search finds it by words of its body.
  await page.getByRole('searchbox', { name: 'Search insights' }).fill('waiting music')
  await expect(feed.getByRole('link')).toHaveCount(1)
  await expect(feed.getByRole('link', { name: /Hold music is too loud/ })).toBeVisible()
  await page.getByRole('button', { name: 'Clear filters' }).click()

  // Triage the first insight: assign, then close it (a note is required), then merge the duplicate into it.
  await feed.getByRole('link', { name: /Callers wait too long/ }).click()
  await expect(page.getByRole('heading', { name: 'Callers wait too long', level: 1 })).toBeVisible()
  const triage = page.getByRole('complementary', { name: 'Triage' })
  const assign = triage.getByRole('form', { name: 'Assignee' })
  await assign.getByRole('combobox').selectOption({ label: colleagueEmail })
  await assign.getByRole('button', { name: 'Assign' }).click()
  await expect(page.getByTestId('insight-assignee')).toHaveText(colleagueEmail)
  const status = triage.getByRole('form', { name: 'Status' })
  await status.getByRole('combobox').selectOption({ label: 'Actioned' })
  await status.getByRole('button', { name: 'Save status' }).click()
  await expect(status.getByText('Say what was done about it, so others can follow up')).toBeVisible()
  await status.getByLabel(/Resolution note/).fill('Two more agents at peak hours since Monday')
  await status.getByRole('button', { name: 'Save status' }).click()
  await expect(page.getByTestId('insight-status')).toHaveText('Actioned')
  await shot(page, '3-triaged')
  // The colleague was notified of the assignment.
  await colleague.goto(`/w/${slug}/insights`)
  await colleague.getByTestId('notification-bell').click()
  await expect(colleague.getByText('Insight assigned to you: Callers wait too long')).toBeVisible()

  // Merge: open the duplicate and merge it into the first one.
  await page.goto(`/w/${slug}/insights`)
  await feed.getByRole('link', { name: /Hold music is too loud/ }).click()
  page.once('dialog', (d) => void d.accept())
  const merge = page.getByRole('complementary', { name: 'Triage' })
  await merge.getByRole('searchbox', { name: 'Search the insight to keep' }).fill('callers')
  await merge.getByRole('button', { name: 'Merge into' }).first().click()
  await expect(page.getByText('This insight was merged as a duplicate into')).toBeVisible()
  await expect(page.getByTestId('insight-status')).toHaveText('Dismissed')
  await page.getByRole('link', { name: 'Callers wait too long' }).click()
  await expect(page.getByText('1 duplicate merged here')).toBeVisible()
  // The merged duplicate leaves the feed.
  await page.goto(`/w/${slug}/insights`)
  await expect(feed.getByRole('link')).toHaveCount(1)
  await colleague.context().close()
})

test('viewers read insights but see no triage, and the server refuses them', async ({ page, browser }) => {
  const ownerEmail = uniqueEmail('ins-owner2')
  const slug = await signInWithWorkspace(page, ownerEmail, 'Viewer Co')
  const viewer = await inviteAndJoin(page, browser, slug, uniqueEmail('ins-viewer'), 'viewer')
  await page.goto(`/w/${slug}/insights`)
  await page.getByRole('button', { name: 'Add the first insight' }).click()
  await addInsight(page, { title: 'Checkout button hidden on mobile', type: 'Weakness', source: 'Analytics' })
  await expect(page.getByText('The insight was added to the feed.')).toBeVisible()

  await viewer.goto(`/w/${slug}/insights`)
  await expect(viewer.getByRole('button', { name: 'Add insight' })).toHaveCount(0)
  await viewer.getByRole('link', { name: /Checkout button hidden on mobile/ }).click()
  await expect(viewer.getByRole('heading', { name: 'Checkout button hidden on mobile', level: 1 })).toBeVisible()
  await expect(viewer.getByRole('complementary', { name: 'Triage' })).toHaveCount(0)
  // Adding through the import route is refused by the server too.
  const status = await viewer.evaluate(async (slug) => {
    const { workspaces } = (await (await fetch('/api/workspaces')).json()) as { workspaces: { id: string; slug: string }[] }
    const id = workspaces.find((w) => w.slug === slug)!.id
    return (await fetch(`/api/workspaces/${id}/insights/import?commit=1`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'title,type,source\nSneaky,idea,crm\n' })).status
  }, slug)
  expect(status).toBe(403)
  await viewer.context().close()
})
