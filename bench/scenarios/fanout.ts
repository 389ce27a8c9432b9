/** Fan-out: one writer at 20 updates/s, N observers of the same document; propagation latency at the observers. */
import * as Y from 'yjs'
import { encodeUpdate } from '@/realtime/protocol'
import { docName } from '@/realtime/doc-name'
import { RawClient } from '../lib/raw-client'
import { socketUrl, type BenchDb } from '../lib/setup'
import type { ServerProcess } from '../lib/server-process'
import { sleep, summary } from '../lib/stats'

export async function fanout(server: ServerProcess, db: BenchDb, observers: number, seconds: number) {
  const doc = docName(db.workspaceId, `fanout-${observers}-${Math.random().toString(36).slice(2)}`)
  const clients: RawClient[] = []
  for (let i = 0; i < observers; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, observers - i) }, async () => new RawClient(await socketUrl(server, db, doc))))
    await Promise.all(batch.map((c) => c.synced))
    clients.push(...batch)
  }
  const writer = new RawClient(await socketUrl(server, db, doc))
  await writer.synced
  const ydoc = new Y.Doc()
  const sentAt: number[] = []
  const latencies: number[] = []
  for (const c of clients) c.onUpdate = (i, now) => sentAt[i] !== undefined && latencies.push(now - sentAt[i]!)
  ydoc.on('update', (u: Uint8Array) => {
    sentAt.push(performance.now())
    writer.send(encodeUpdate(u))
  })
  const total = Math.round(seconds * 20)
  const start = performance.now()
  for (let i = 0; i < total; i++) {
    ydoc.getMap('m').set(`k${i % 50}`, i)
    const next = start + (i + 1) * 50
    await sleep(Math.max(0, next - performance.now()))
  }
  await sleep(500)
  const expected = total * observers
  for (const c of [...clients, writer]) c.close()
  const s = summary(latencies)
  return { ...s, lost: expected - s.n }
}
