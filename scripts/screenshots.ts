/**
 * `npx tsx scripts/screenshots.ts [out-dir]`: looks at the product as the demo
 * user sees it. Starts the built app on a fresh embedded database with the
 * demo workspace and a real SMTP server, signs in through the emailed link in
 * Chromium, and saves full-page screenshots of the main pages at desktop and
 * phone widths (default out-dir: .screenshots/, not committed).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { startApp } from '../tests/support/app-process'
import { extractLink, waitForMail } from '../tests/support/mail-client'
import { startMailServer } from '../tests/support/mail-server'

const out = path.resolve(process.argv[2] ?? '.screenshots')
const PAGES = ['', '/maps', '/touchpoints', '/insights', '/analysis', '/my', '/notifications', '/settings/general', '/settings/sso', '/settings/api-keys']

async function main() {
  mkdirSync(out, { recursive: true })
  const mail = await startMailServer()
  const app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'true' })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    const after = new Date()
    await page.goto('/signin')
    await page.getByLabel('Work email').fill('demo@touchmap.example')
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.goto(extractLink(await waitForMail(mail.apiUrl, 'demo@touchmap.example', { subject: /sign-in link/, after }), '/api/auth/callback/email'))
    await page.waitForURL(/\/w\/[^/]+\//)
    const base = `/w/${new URL(page.url()).pathname.split('/')[2]}`
    const shots: string[] = []
    const shoot = async (name: string, width: number) => {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 })
      await page.waitForLoadState('networkidle').catch(() => {})
      await page.waitForTimeout(800)
      const file = path.join(out, `${name}-${width}.png`)
      await page.screenshot({ path: file, fullPage: true })
      shots.push(file)
    }
    for (const p of PAGES) {
      await page.goto(base + p)
      const name = p.replace(/\//g, '_').replace(/^_/, '') || 'overview'
      await shoot(name, 1440)
      await shoot(name, 390)
    }
    // A map, a touchpoint's page and an insight's page, reached the way a person would.
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${base}/maps`)
    await page.getByRole('link', { name: 'Customer lifecycle' }).first().click()
    await page.waitForURL(/\/maps\/[0-9a-f-]{36}$/)
    await page.waitForSelector('[aria-roledescription="card"]')
    await shoot('map-editor', 1440)
    await page.goto(`${base}/touchpoints`)
    await page.getByRole('link', { name: 'Home delivery' }).first().click()
    await page.waitForURL(/\/touchpoints\/[^/]+$/)
    await shoot('touchpoint-page', 1440)
    await page.goto(`${base}/insights`)
    await page.getByRole('link', { name: 'Delivery slots are missed without notice' }).first().click()
    await page.waitForURL(/\/insights\/[^/]+$/)
    await shoot('insight-page', 1440)
    console.log(shots.join('\n'))
  } finally {
    await browser.close()
    await app.stop()
    await mail.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
