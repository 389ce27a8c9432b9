import createNextIntlPlugin from 'next-intl/plugin'

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts')

/** @type {import('next').NextConfig} */
const nextConfig = {
  // One instance of each of these per process, shared by the custom server and
  // the Next bundle (PGlite also breaks when bundled: see STACK.md).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'drizzle-orm', 'yjs', 'y-protocols', 'lib0', 'ws', 'ioredis', 'nodemailer', 'pg-boss', 'pg', 're2-wasm'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // The type check runs in `npm run typecheck` (and in `npm test`), not on every start.
  typescript: { ignoreBuildErrors: true },
}

export default withNextIntl(nextConfig)
