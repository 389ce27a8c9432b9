import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseConfig, setConfig } from '@/lib/config'

/** Every vitest file starts with a known configuration (no .data/ in the repository, a fixed secret). */
setConfig(
  parseConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'touchmap-test-')),
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    APP_URL: 'http://localhost:3999',
    LOG_LEVEL: 'warn',
  }),
)
process.env.LOG_LEVEL = 'warn'
