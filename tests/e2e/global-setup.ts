import type { FullConfig } from '@playwright/test'
import { startApp } from '../support/app-process'

/** Starts the app for the whole e2e run; what it returns runs as the teardown. */
export default async function globalSetup(_config: FullConfig) {
  const app = await startApp({ SEED_DEMO: 'true' })
  process.env.E2E_BASE_URL = app.url
  return async () => {
    await app.stop()
  }
}
