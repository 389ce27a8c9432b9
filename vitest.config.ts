import path from 'node:path'
import { defineConfig } from 'vitest/config'

const root = path.dirname(new URL(import.meta.url).pathname)
const dbTests = ['tests/integration/**/*.test.ts', 'tests/tenancy/**/*.test.ts', 'tests/realtime/**/*.test.ts']

/**
 * Unit tests run once; tests that need a database run on PGlite and, when
 * TEST_DATABASE_URL is set, again on PostgreSQL (tests/support/test-db.ts).
 */
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    setupFiles: ['tests/support/setup-config.ts'],
    // next-auth imports 'next/server' without an extension, which Node's ESM loader refuses: let Vite resolve it.
    server: { deps: { inline: ['next-auth'] } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: dbTests, env: { TEST_DB_KIND: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: dbTests, env: { TEST_DB_KIND: 'postgres' } } }]
        : []),
    ],
  },
})
