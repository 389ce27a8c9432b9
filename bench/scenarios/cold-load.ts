/** Cold load: documents of 10,000 items stored in PostgreSQL; time from opening the socket (ticket in hand) to sync step 2. */
import * as Y from 'yjs'
import { appendUpdates, compactDoc } from '@/realtime/doc-store'
import { docName } from '@/realtime/doc-name'
import { RawClient } from '../lib/raw-client'
import { socketUrl, type BenchDb } from '../lib/setup'
import type { ServerProcess } from '../lib/server-process'
import { sleep, summary } from '../lib/stats'

/** A document of `items` touchpoints (a Y.Map each), stored as a snapshot, plus `tailRows` log rows when given (as after a crash). */
export async function seedBigDoc(db: BenchDb, doc: string, tailRows: number, items = 10_000): Promise<number> {
  const y = new Y.Doc()
  const arr = y.getArray<Y.Map<unknown>>('items')
  y.transact(() => {
    for (let i = 0; i < items; i++) arr.push([new Y.Map<unknown>([['id', i], ['title', `Touchpoint ${i}`], ['stage', 'consideration']])])
  })
  await appendUpdates(db.workspaceId, [{ doc, update: Y.encodeStateAsUpdate(y) }])
  await compactDoc(db.workspaceId, doc)
  // A short tail of log rows, as a live document has between compactions.
  const updates: Uint8Array[] = []
  y.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < tailRows; i++) arr.get(i).set('title', `Renamed ${i}`)
  for (const u of updates) await appendUpdates(db.workspaceId, [{ doc, update: u }])
  return Y.encodeStateAsUpdate(y).length
}

export async function coldLoad(server: ServerProcess, db: BenchDb, docs: number, tailRows: number) {
  const names = Array.from({ length: docs }, (_, i) => docName(db.workspaceId, `cold-${Math.random().toString(36).slice(2)}-${i}`))
  let bytes = 0
  for (const n of names) bytes = await seedBigDoc(db, n, tailRows)
  const times: number[] = []
  for (const n of names) {
    const url = await socketUrl(server, db, n)
    const t0 = performance.now()
    const c = new RawClient(url)
    times.push((await c.synced) - t0)
    c.close()
    // One cold load at a time: the server integrates the document after answering.
    await sleep(400)
  }
  return { ...summary(times), encoded_kb: bytes / 1024 }
}
