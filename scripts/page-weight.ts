/**
 * `npx tsx scripts/page-weight.ts <page name>...`: the JavaScript a main page
 * of the demo workspace loads (raw and gzip bytes, every script response
 * until the network is idle), e.g. to see what a library adds.
 * Page names as in tests/support/main-pages.ts ("touchpoint-page", "analysis").
 * Starts the built app on a fresh embedded database with a real SMTP server.
 */
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { startApp } from '../tests/support/app-process'
import { startMailServer } from '../tests/support/mail-server'
import { demoPages, signInAsDemo } from '../tests/support/main-pages'

async function main() {
  const mail = await startMailServer()
  const app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'true' })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    const pages = await demoPages(page, await signInAsDemo(page, mail.apiUrl))
    for (const name of process.argv.slice(2)) {
      const p = pages.find((x) => x.name === name)
      if (!p) throw new Error(`no page named ${name}; the names: ${pages.map((x) => x.name).join(', ')}`)
      const ctx = await browser.newContext({ baseURL: app.url, storageState: await page.context().storageState() })
      const tab = await ctx.newPage()
      let raw = 0
      let gz = 0
      tab.on('response', async (r) => {
        if (r.request().resourceType() !== 'script') return
        try {
          const body = await r.body()
          raw += body.length
          gz += gzipSync(body).length
        } catch {
          /* a response without a body */
        }
      })
      await tab.goto(p.path)
      await tab.waitForLoadState('networkidle')
      console.log(`${name}: JavaScript ${(raw / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(0)} KB gzip`)
      await ctx.close()
    }
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
