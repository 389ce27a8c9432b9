/**
 * The one process of `npm start`: Next.js, the realtime websocket endpoint on
 * the same port, and the database (PGlite under .data/ unless DATABASE_URL).
 */
import { createServer } from 'node:http'
import next from 'next'
import { setConfig } from '@/lib/config'
import { databaseHandle } from '@/lib/db'
import { applySecurityHeaders } from '@/lib/http/security-headers'
import { log } from '@/lib/log'
import { seedDemoOnFirstRun } from '@/lib/demo/seed-demo'
import { startProjector } from '@/lib/maps/projector'
import { JOBS } from '@/lib/jobs/definitions'
import { startJobs } from '@/lib/jobs/queue'
import { startDomainRechecks } from '@/lib/sso/domain-claims'
import { onMembershipChanged } from '@/lib/members/membership-events'
import { closeOnSignals, configOrExit, runMain } from '@/lib/process-lifecycle'
import { attachRealtime, isRealtimeRequest } from '@/realtime'

const dev = process.argv.includes('--dev')

async function main() {
  let c = configOrExit()
  process.env.AUTH_SECRET = c.authSecret
  process.env.AUTH_URL = `${c.appUrl}/api/auth`

  const started = Date.now()
  const handle = await databaseHandle()

  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: c.port })
  await app.prepare()
  const handleRequest = app.getRequestHandler()
  const nextUpgrade = dev ? app.getUpgradeHandler() : undefined

  const server = createServer((req, res) => {
    // The client address comes from the socket, never from what the client claims.
    if (!process.env.TRUST_PROXY) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? ''
    applySecurityHeaders(req, res, { scripts: true, dev })
    handleRequest(req, res).catch((err) => {
      log.error('request failed', { err: String(err) })
      if (!res.headersSent) res.statusCode = 500
      res.end()
    })
  })
  // The realtime engine handles /realtime upgrades on this server (realtime/index.ts).
  const realtime = await attachRealtime(server)
  const projector = startProjector(realtime.engine)
  // Role changes and removals made here close or downgrade open sockets at once (other processes re-check every second).
  onMembershipChanged((c) => void realtime.notifyMembershipChanged(c.workspaceId, c.userId))
  // SSO domains keep their DNS proof: each claim is looked up again daily.
  const rechecks = startDomainRechecks()
  // Seeding writes live documents, so it runs once the realtime engine is up.
  const demo = await seedDemoOnFirstRun()
  // The durable job queue (audits' schedule and reminders), on the same database.
  const jobs = await startJobs(handle.jobs, JOBS)
  server.on('upgrade', (req, socket, head) => {
    if (isRealtimeRequest(req)) return
    if (nextUpgrade) return void nextUpgrade(req, socket, head)
    socket.destroy()
  })

  await new Promise<void>((resolve) => server.listen(c.port, resolve))
  const address = server.address()
  if (c.port === 0 && address && typeof address === 'object' && !process.env.APP_URL) {
    c = setConfig({ ...c, port: address.port, appUrl: `http://localhost:${address.port}`, realtimeUrl: process.env.REALTIME_URL ? c.realtimeUrl : `http://localhost:${address.port}` })
    process.env.AUTH_URL = `${c.appUrl}/api/auth`
  }

  const lines = [
    `Touchmap is running at ${c.appUrl}  (${handle.kind === 'pglite' ? `embedded database in ${c.dataDir}` : 'PostgreSQL'}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `Sign in: open ${c.appUrl}/signin and enter your email address.`,
    c.smtpUrl ? '  The sign-in link is sent by email.' : '  No SMTP_URL is set, so the sign-in link is printed here in the log.',
  ]
  if (demo) lines.push(`  The demo workspace "${demo.workspaceName}" belongs to ${demo.email}: sign in with that address to open it.`)
  console.log(lines.join('\n'))

  closeOnSignals('shutting down', async () => {
    server.close()
    server.closeAllConnections()
    await realtime.close().catch((err) => log.error('realtime close failed', { err: String(err) }))
    projector.stop()
    rechecks.stop()
    await jobs.stop()
    await handle.close().catch(() => {})
  })
}

runMain(main)
