/**
 * `npm run realtime`: the realtime endpoint alone, on REALTIME_PORT (default
 * 3001), against the same database (and Redis) as the app. Serves
 * /realtime/<doc> upgrades, GET /metrics and GET /health.
 */
import { createServer } from 'node:http'
import { config } from '@/lib/config'
import { closeOnSignals, configOrExit, runMain } from '@/lib/process-lifecycle'
import { databaseHandle } from '@/lib/db'
import { applySecurityHeaders } from '@/lib/http/security-headers'
import { prometheusText } from './metrics'
import { metricsAllowed } from './metrics-access'
import { startProjector } from '@/lib/maps/projector'
import { attachRealtime } from './index'

async function main() {
  configOrExit()
  const port = Number(process.env.REALTIME_PORT ?? 3001)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('Invalid configuration: REALTIME_PORT must be a port number')
    process.exit(1)
  }
  const extraOrigins = (process.env.REALTIME_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const handle = await databaseHandle()
  const server = createServer((req, res) => {
    applySecurityHeaders(req, res, { scripts: false })
    if (req.url === '/metrics') {
      if (!metricsAllowed(req.headers.authorization)) {
        res.statusCode = 401
        return res.end('unauthorized\n')
      }
      res.setHeader('content-type', 'text/plain; version=0.0.4')
      return res.end(prometheusText(realtime.stats()))
    }
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json')
      return res.end(JSON.stringify({ status: 'ok', ...realtime.stats(), memory: process.memoryUsage() }))
    }
    if (req.url === '/debug/memory' && typeof globalThis.gc === 'function') {
      // Only with node --expose-gc (benchmarks): memory after a full collection.
      globalThis.gc()
      res.setHeader('content-type', 'application/json')
      return res.end(JSON.stringify(process.memoryUsage()))
    }
    res.statusCode = 404
    res.end()
  })
  const realtime = await attachRealtime(server, { allowedOrigins: extraOrigins })
  // This process stores edits, so it also keeps the maps read model up to date.
  const projector = startProjector(realtime.engine)
  await new Promise<void>((resolve) => server.listen(port, resolve))
  const address = server.address()
  const actual = address && typeof address === 'object' ? address.port : port
  console.log(`realtime listening on port ${actual} (${handle.kind}${config().redisUrl ? ', redis' : ''})`)

  closeOnSignals('flushing and closing realtime', async () => {
    server.close()
    await realtime.close()
    projector.stop()
    await handle.close().catch(() => {})
  })
}

runMain(main)
