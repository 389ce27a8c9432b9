import type { FullConfig } from '@playwright/test'
import { startApp } from '../support/app-process'
import { startMailServer } from '../support/mail-server'
import { startOidcProvider } from '../support/oidc-idp'

/**
 * Starts, for the whole e2e run: a real SMTP server (read back over its HTTP
 * API), a real OpenID Connect provider (oidc-provider), and the built app on
 * a fresh embedded database, sending its mail through that SMTP server.
 * What it returns runs as the teardown.
 */
export default async function globalSetup(_config: FullConfig) {
  const mail = await startMailServer()
  const idp = await startOidcProvider({ clients: [], accounts: {} })
  const app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'true' })
  process.env.E2E_BASE_URL = app.url
  process.env.E2E_MAIL_API = mail.apiUrl
  process.env.E2E_IDP_ISSUER = idp.issuer
  return async () => {
    await app.stop()
    await idp.close()
    await mail.close()
  }
}
