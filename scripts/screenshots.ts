/**
 * `npx tsx scripts/screenshots.ts [out-dir]`: looks at the product as the demo
 * user sees it. Starts the built app on a fresh embedded database with the
 * demo workspace and a real SMTP server, signs in through the emailed link in
 * Chromium, and saves full-page screenshots of every main page
 * (tests/support/main-pages.ts) at 1440 and 390 px, and of the phone menu
 * open; it names each page that scrolls sideways (default out-dir:
 * .screenshots/, not committed).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { startApp } from '../tests/support/app-process'
import { startMailServer } from '../tests/support/mail-server'
import { demoPages, settle, sidewaysOverflow, signInAsDemo } from '../tests/support/main-pages'

const out = path.resolve(process.argv[2] ?? '.screenshots')
const WIDTHS = [1440, 390]

async function main() {
  mkdirSync(out, { recursive: true })
  const mail = await startMailServer()
  const app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'true' })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    const base = await signInAsDemo(page, mail.apiUrl)
    const lines: string[] = []
    for (const p of await demoPages(page, base)) {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 })
        await page.goto(p.path)
        await settle(page, { idle: true })
        await page.waitForTimeout(500)
        const file = path.join(out, `${p.name}-${width}.png`)
        await page.screenshot({ path: file, fullPage: true })
        const overflow = await sidewaysOverflow(page)
        lines.push(`${file}${overflow > 0 ? `  (scrolls sideways by ${overflow} px)` : ''}`)
      }
    }
    // The phone menu, open.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(base)
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.screenshot({ path: path.join(out, 'menu-open-390.png') })
    lines.push(path.join(out, 'menu-open-390.png'))
    console.log(lines.join('\n'))
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
