import type { FullConfig } from '@playwright/test'
import { startApp } from '../support/app-process'
import { startDnsServer } from '../support/dns-server'
import { startMailServer } from '../support/mail-server'
import { startOidcProvider } from '../support/oidc-idp'
import { startSamlIdp } from '../support/saml-idp'

/**
 * Starts, for the whole e2e run: a real SMTP server (read back over its HTTP
 * API), a real OpenID Connect provider (oidc-provider), a real DNS server
 * (dns2; the app proves SSO domains through it), a real SAML IdP
 * (tests/support/saml-idp.ts, signing with xml-crypto), and the built app on
 * a fresh embedded database, sending its mail through that SMTP server.
 * What it returns runs as the teardown.
 */
export default async function globalSetup(_config: FullConfig) {
  const mail = await startMailServer()
  const idp = await startOidcProvider({ clients: [], accounts: {} })
  const dns = await startDnsServer({ control: true })
  // Another site than the app (127.0.0.1 vs localhost), as a real IdP is.
  const samlIdp = await startSamlIdp({ host: '127.0.0.1' })
  // The test IdP listens on http://localhost: the instance settings an operator would set for a local IdP.
  const app = await startApp({
    SMTP_URL: mail.smtpUrl,
    SEED_DEMO: 'true',
    DNS_SERVERS: dns.address,
    OUTBOUND_ALLOWED_ADDRESSES: '127.0.0.1,::1',
    SSO_ALLOW_HTTP_LOOPBACK: 'true',
    // Webhook receivers of the tests listen on http://127.0.0.1; their first retry comes after a second.
    WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
    WEBHOOK_RETRY_DELAY_SECONDS: '1',
    // Every browser of the run signs in from 127.0.0.1, and several tests sign in as the demo user; both limits
    // themselves are tested in tests/integration/auth-magic-link.test.ts.
    SIGNIN_LIMIT_PER_IP: '500',
    SIGNIN_LIMIT_PER_EMAIL: '100',
  })
  process.env.E2E_BASE_URL = app.url
  process.env.E2E_MAIL_API = mail.apiUrl
  process.env.E2E_SMTP_URL = mail.smtpUrl
  process.env.E2E_IDP_ISSUER = idp.issuer
  process.env.E2E_DNS_CONTROL = dns.controlUrl
  process.env.E2E_SAML_IDP = samlIdp.url
  return async () => {
    await app.stop()
    await idp.close()
    await samlIdp.close()
    await dns.close()
    await mail.close()
  }
}
