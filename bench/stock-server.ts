/**
 * The stock server for comparison: @y/websocket-server@0.1.1's
 * setupWSConnection on a plain ws server (no auth, no persistence), exactly
 * as its own bin does it. Prints the same "listening" line as ours.
 */
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const port = Number(process.env.REALTIME_PORT ?? 0)
const server = createServer((req, res) => {
  if (req.url === '/debug/memory' && typeof globalThis.gc === 'function') {
    // Only with node --expose-gc (benchmarks): memory after a full collection, as ours reports it.
    globalThis.gc()
    res.setHeader('content-type', 'application/json')
    return res.end(JSON.stringify(process.memoryUsage()))
  }
  res.writeHead(404).end()
})
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', (ws, req) => setupWSConnection(ws, req))
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
server.listen(port, () => {
  const a = server.address()
  console.log(`realtime listening on port ${a && typeof a === 'object' ? a.port : port} (stock)`)
})
