import { chromium } from 'playwright-core'
import { startApp } from '../tests/support/app-process'
import { startMailServer } from '../tests/support/mail-server'
import { demoPages, settle, signInAsDemo } from '../tests/support/main-pages'

async function main() {
  const mail = await startMailServer()
  const app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'true' })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    const base = await signInAsDemo(page, mail.apiUrl)
    const want = process.argv.slice(2)
    for (const p of (await demoPages(page, base)).filter((p) => want.includes(p.name))) {
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 })
        await page.goto(p.path)
        await settle(page, { idle: true })
        await page.waitForTimeout(500)
        const file = `/tmp/shots/${p.name}-${width}.png`
        await page.screenshot({ path: file, fullPage: true })
        console.log(file, 'overflow', await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
      }
    }
    if (want.includes('dialog')) {
      await page.setViewportSize({ width: 1440, height: 900 })
      await page.goto((await demoPages(page, base)).find((p) => p.name === 'audit-open')!.path)
      await page.getByRole('button', { name: /^Review / }).first().click()
      await page.waitForTimeout(500)
      await page.screenshot({ path: '/tmp/shots/dialog.png' })
    }
  } finally {
    await browser.close()
    await app.stop()
    await mail.close()
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
