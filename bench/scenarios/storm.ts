/**
 * Reconnect storm: 1,000 stock WebsocketProvider clients on 100 documents,
 * kill -9 of the server, restart on the same port; time from the restarted
 * server listening until every client is synced again, and the log rows
 * added by the storm (full-state re-sends must add none).
 */
import { sql } from 'drizzle-orm'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { connectWithTickets } from '@/realtime/client-tickets'
import { docName } from '@/realtime/doc-name'
import { createTicket } from '@/realtime/tickets'
import { ORIGIN } from '../lib/raw-client'
import type { BenchDb } from '../lib/setup'
import { startServer, type ServerProcess } from '../lib/server-process'
import { sleep, summary } from '../lib/stats'

class OriginWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { origin: ORIGIN })
  }
}

const logRows = async (db: BenchDb) =>
  inWorkspace(db.workspaceId, null, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from realtime_updates`))[0]!.n)

async function waitAll(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) return false
    await sleep(10)
  }
  return true
}

export async function storm(server: ServerProcess, db: BenchDb, env: Record<string, string>, clients = 1000, docs = 100) {
  const tag = Math.random().toString(36).slice(2)
  const port = server.port
  const providers: { p: WebsocketProvider; stop: () => void }[] = []
  for (let i = 0; i < clients; i++) {
    const doc = docName(db.workspaceId, `storm-${tag}-${i % docs}`)
    const p = new WebsocketProvider('ws://unused', doc, new Y.Doc(), { connect: false, disableBc: true, WebSocketPolyfill: OriginWebSocket as unknown as typeof globalThis.WebSocket })
    const stop = connectWithTickets(p, async () => ({ url: `ws://127.0.0.1:${port}/realtime`, params: { ticket: await createTicket(db.userId, db.workspaceId, doc) } }))
    providers.push({ p, stop })
    if (i % 100 === 99) await waitAll(() => providers.every((x) => x.p.synced), 30_000)
  }
  if (!(await waitAll(() => providers.every((x) => x.p.synced), 60_000))) throw new Error('storm: clients did not sync initially')
  providers.forEach(({ p }, i) => p.doc.getMap('m').set(`client-${i}`, i))
  await sleep(2000)
  const rowsBefore = await logRows(db)

  await server.kill('SIGKILL')
  await waitAll(() => providers.every((x) => !x.p.wsconnected), 10_000)
  const syncedAt: number[] = []
  for (const { p } of providers) p.on('sync', (s: boolean) => s && syncedAt.push(performance.now()))
  const restarted = await startServer('ours', env, port)
  const t0 = performance.now()
  const ok = await waitAll(() => providers.every((x) => x.p.synced && x.p.wsconnected), 60_000)
  const seconds = (performance.now() - t0) / 1000
  const spread = summary(syncedAt.map((t) => (t - t0) / 1000))
  await sleep(1500)
  const rowsAfter = await logRows(db)
  // Everything converged: each document holds the edits of all its clients.
  const converged = providers.every(({ p }, i) => p.doc.getMap('m').size === clients / docs && p.doc.getMap('m').get(`client-${i}`) === i)
  for (const { p, stop } of providers) {
    stop()
    p.destroy()
  }
  return { server: restarted, result: { seconds: ok ? seconds : null, p50_client_seconds: spread.p50, all_synced: ok, converged, duplicate_rows: rowsAfter - rowsBefore, rows_before: rowsBefore } }
}
