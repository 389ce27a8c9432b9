/**
 * The one process of `npm start`: Next.js, the realtime websocket endpoint on
 * the same port, and the database (PGlite under .data/ unless DATABASE_URL).
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import next from 'next'
import { ConfigError, config, setConfig } from '@/lib/config'
import { databaseHandle } from '@/lib/db'
import { log } from '@/lib/log'
import { seedDemoOnFirstRun } from '@/lib/demo/seed-demo'

const dev = process.argv.includes('--dev')

async function main() {
  let c: ReturnType<typeof config>
  try {
    c = config()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  process.env.AUTH_SECRET = c.authSecret
  process.env.AUTH_URL = `${c.appUrl}/api/auth`

  const started = Date.now()
  const handle = await databaseHandle()
  const demo = await seedDemoOnFirstRun()

  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: c.port })
  await app.prepare()
  const handleRequest = app.getRequestHandler()
  const nextUpgrade = dev ? app.getUpgradeHandler() : undefined
  const upgradeHandlers: Array<(req: IncomingMessage, socket: Duplex, head: Buffer) => boolean> = []
  const g = globalThis as unknown as { __touchmapUpgrade?: typeof upgradeHandlers }
  g.__touchmapUpgrade = upgradeHandlers

  const server = createServer((req, res) => {
    // The client address comes from the socket, never from what the client claims.
    if (!process.env.TRUST_PROXY) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? ''
    handleRequest(req, res).catch((err) => {
      log.error('request failed', { err: String(err) })
      if (!res.headersSent) res.statusCode = 500
      res.end()
    })
  })
  server.on('upgrade', (req, socket, head) => {
    for (const h of upgradeHandlers) if (h(req, socket, head)) return
    if (nextUpgrade) return void nextUpgrade(req, socket, head)
    socket.destroy()
  })

  await new Promise<void>((resolve) => server.listen(c.port, resolve))
  const address = server.address()
  if (c.port === 0 && address && typeof address === 'object' && !process.env.APP_URL) {
    c = setConfig({ ...c, port: address.port, appUrl: `http://localhost:${address.port}` })
    process.env.AUTH_URL = `${c.appUrl}/api/auth`
  }

  const lines = [
    `Touchmap is running at ${c.appUrl}  (${handle.kind === 'pglite' ? `embedded database in ${c.dataDir}` : 'PostgreSQL'}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `Sign in: open ${c.appUrl}/signin and enter your email address.`,
    c.smtpUrl ? '  The sign-in link is sent by email.' : '  No SMTP_URL is set, so the sign-in link is printed here in the log.',
  ]
  if (demo) lines.push(`  The demo workspace "${demo.workspaceName}" belongs to ${demo.email}: sign in with that address to open it.`)
  console.log(lines.join('\n'))

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info(`${signal}: shutting down`)
    server.close()
    server.closeAllConnections()
    await handle.close().catch(() => {})
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  process.exit(1)
})
