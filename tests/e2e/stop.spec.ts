import { expect, test } from '@playwright/test'
import { startApp, type AppProcess } from '../support/app-process'
import { signIn, uniqueEmail } from './helpers'

/** True while any process of the group `pgid` is alive (an orphan keeps its group). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

const env = () => ({ SMTP_URL: process.env.E2E_SMTP_URL, SEED_DEMO: 'false', SIGNIN_LIMIT_PER_IP: '500' })

test('SIGTERM to `npm start` stops every process within 10 s, after storing the last edit', async ({ browser }) => {
  test.setTimeout(240_000)
  let app: AppProcess | null = await startApp(env(), { viaNpm: true })
  try {
    const page = await (await browser.newContext()).newPage()
    let lastSent = 0
    page.on('websocket', (ws) => ws.on('framesent', () => (lastSent = Date.now())))
    const email = uniqueEmail('stopper')
    await signIn(page, email, { from: `${app.url}/signin` })
    await page.goto(`${app.url}/workspaces/new`)
    await page.getByLabel('Workspace name').fill('Stop Clean')
    await page.getByRole('button', { name: 'Create workspace' }).click()
    await expect(page).toHaveURL(/\/w\/[^/]+/)
    const slug = new URL(page.url()).pathname.split('/')[2]!
    await page.goto(`${app.url}/w/${slug}/maps`)
    await page.getByLabel('Name', { exact: true }).fill('Flushed journey')
    await page.getByRole('button', { name: 'Create map' }).click()
    await expect(page).toHaveURL(/\/maps\/[0-9a-f-]{36}$/)
    const mapPath = new URL(page.url()).pathname
    await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 20_000 })

    // The last edit: a segment named in its dialog; once its updates have left the browser, SIGTERM at once.
    await page.getByRole('button', { name: 'Add segment' }).first().click()
    await page.getByRole('dialog').getByLabel('Name').fill('Last words')
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
    await expect(page.getByRole('rowheader', { name: /Last words/ })).toBeVisible()
    await expect.poll(() => lastSent > 0 && Date.now() - lastSent > 150, { timeout: 5000 }).toBe(true)
    const pgid = app.proc.pid!
    const exited = new Promise<number | null>((r) => app!.proc.once('exit', (code) => r(code)))
    process.kill(pgid, 'SIGTERM') // to npm itself, as `docker stop` would to PID 1
    const t0 = Date.now()
    while (groupAlive(pgid) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100))
    expect(groupAlive(pgid), `processes still running 10 s after SIGTERM:\n${app.output()}`).toBe(false)
    expect(await exited).toBe(0)
    expect(app.output()).toMatch(/SIGTERM: shutting down/)

    // Started again on the same data: the edit is there.
    const dataDir = app.dataDir
    app = await startApp(env(), { viaNpm: true, dataDir })
    const again = await (await browser.newContext()).newPage()
    await signIn(again, email, { from: `${app.url}/signin` })
    await again.goto(`${app.url}${mapPath}`)
    await expect(again.getByRole('rowheader', { name: /Last words/ })).toBeVisible({ timeout: 20_000 })
  } finally {
    await app?.stop()
  }
})
