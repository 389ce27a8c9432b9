import { chromium } from 'playwright-core'
import { startApp } from '../tests/support/app-process'
import { startMailServer } from '../tests/support/mail-server'
import { settle, signInAsDemo } from '../tests/support/main-pages'

async function main() {
  const mail = await startMailServer()
  const app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'true' })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    const base = await signInAsDemo(page, mail.apiUrl)
    await page.goto(base + '/maps')
    const href = await page.getByRole('link', { name: 'Customer lifecycle' }).first().getAttribute('href')
    const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/analysis/distribution', `/analysis/distribution?map=${href!.split('/').pop()}`, '/analysis']
    let i = 0
    for (const p of paths) {
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 })
        await page.goto(base + p)
        await settle(page, { idle: true })
        await page.waitForTimeout(800)
        const file = `/tmp/shots/a${i}-${width}.png`
        await page.screenshot({ path: file, fullPage: true })
        const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        console.log(file, p, 'overflow', over)
      }
      i++
    }
  } finally {
    await browser.close()
    await app.stop()
    await mail.close()
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
