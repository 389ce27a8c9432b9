/**
 * Memory: growth of the server's resident set (and of its heap after a full
 * collection) per idle connection, and heap per loaded document of 1,000 items.
 */
import * as Y from 'yjs'
import { encodeUpdate } from '@/realtime/protocol'
import { docName } from '@/realtime/doc-name'
import { RawClient } from '../lib/raw-client'
import { socketUrl, type BenchDb } from '../lib/setup'
import type { ServerProcess } from '../lib/server-process'
import { sleep } from '../lib/stats'

async function open(server: ServerProcess, db: BenchDb, docs: string[], perDoc: number): Promise<RawClient[]> {
  const out: RawClient[] = []
  const urls: string[] = []
  for (const d of docs) for (let i = 0; i < perDoc; i++) urls.push(d)
  for (let i = 0; i < urls.length; i += 100) {
    const batch = await Promise.all(urls.slice(i, i + 100).map(async (d) => new RawClient(await socketUrl(server, db, d))))
    await Promise.all(batch.map((c) => c.synced))
    out.push(...batch)
  }
  return out
}

export async function memory(server: ServerProcess, db: BenchDb, connections = 2000) {
  const tag = Math.random().toString(36).slice(2)
  const docs = Array.from({ length: 10 }, (_, i) => docName(db.workspaceId, `mem-${tag}-${i}`))
  const first = await open(server, db, docs, 1)
  await sleep(1500)
  const heap = (m: NodeJS.MemoryUsage) => (m.heapUsed + m.external) / 1024
  const before = server.rssKb()
  const heapBefore = heap(await server.memoryAfterGc())
  const idle = await open(server, db, docs, connections / docs.length)
  await sleep(2500)
  const heapAfter = heap(await server.memoryAfterGc())
  const afterConns = server.rssKb()
  const perConnection = (afterConns - before) / idle.length
  const perConnectionHeap = (heapAfter - heapBefore) / idle.length

  // Loaded documents: 50 documents of 1,000 items, one connection each.
  const bigDocs = Array.from({ length: 50 }, (_, i) => docName(db.workspaceId, `memdoc-${tag}-${i}`))
  const content = new Y.Doc()
  const arr = content.getArray<Y.Map<unknown>>('items')
  content.transact(() => {
    for (let i = 0; i < 1000; i++) arr.push([new Y.Map<unknown>([['id', i], ['title', `Touchpoint ${i}`], ['stage', 'awareness']])])
  })
  const message = encodeUpdate(Y.encodeStateAsUpdate(content))
  await sleep(1000)
  const beforeDocs = heap(await server.memoryAfterGc())
  const holders = await open(server, db, bigDocs, 1)
  for (const h of holders) h.send(message)
  await sleep(3000)
  const afterDocs = heap(await server.memoryAfterGc())
  const perDoc = (afterDocs - beforeDocs) / bigDocs.length - perConnectionHeap
  for (const c of [...first, ...idle, ...holders]) c.close()
  await sleep(500)
  return { idle_connection_kb: perConnection, idle_connection_heap_kb: perConnectionHeap, loaded_doc_1k_items_kb: perDoc, encoded_doc_kb: message.length / 1024 }
}
