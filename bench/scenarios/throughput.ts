/**
 * Throughput: 200 documents, one writer and one observer each; the offered
 * rate steps up until the propagation p99 passes 100 ms or the server falls
 * behind. The result is the highest rate it sustained.
 */
import * as Y from 'yjs'
import { encodeUpdate } from '@/realtime/protocol'
import { docName } from '@/realtime/doc-name'
import { RawClient } from '../lib/raw-client'
import { socketUrl, type BenchDb } from '../lib/setup'
import type { ServerProcess } from '../lib/server-process'
import { sleep, summary } from '../lib/stats'

const DOCS = 200
const STEP_SECONDS = 3
/** The first step warms both processes up (JIT, buffers) and is not counted. */
const WARMUP = 3000
const RATES = [WARMUP, 5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 50_000]

type Lane = { writer: RawClient; observer: RawClient; ydoc: Y.Doc; sentAt: number[]; sent: number }

export async function throughput(server: ServerProcess, db: BenchDb) {
  const tag = Math.random().toString(36).slice(2)
  const lanes: Lane[] = []
  for (let i = 0; i < DOCS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, DOCS - i) }, async (_, j) => {
        const doc = docName(db.workspaceId, `tp-${tag}-${i + j}`)
        const observer = new RawClient(await socketUrl(server, db, doc))
        const writer = new RawClient(await socketUrl(server, db, doc))
        await Promise.all([observer.synced, writer.synced])
        return { writer, observer, ydoc: new Y.Doc(), sentAt: [], sent: 0 } as Lane
      }),
    )
    lanes.push(...batch)
  }
  const steps: { offered: number; achieved: number; p50: number; p99: number }[] = []
  let best = { offered: 0, achieved: 0, p99: NaN }
  let warmedUp = false
  for (const rate of RATES) {
    const perLane = Math.ceil((rate * STEP_SECONDS) / DOCS)
    // Pre-generate the step's messages, so the load generator only sends.
    const messages = lanes.map((l) => {
      const out: Uint8Array[] = []
      const onUpdate = (u: Uint8Array) => out.push(encodeUpdate(u))
      l.ydoc.on('update', onUpdate)
      for (let k = 0; k < perLane; k++) l.ydoc.getMap('m').set(`k${k % 20}`, k)
      l.ydoc.off('update', onUpdate)
      return out
    })
    const latencies: number[] = []
    const debug: [number, number][] = []
    const base = lanes.map((l) => l.observer.updates)
    for (const l of lanes) {
      l.observer.onUpdate = (i, now) => {
        const t = l.sentAt[i]
        if (t !== undefined) {
          latencies.push(now - t)
          if (process.env.BENCH_DEBUG) debug.push([t, now - t])
        }
      }
    }
    const cpu0 = [server.cpuMs(), process.cpuUsage()] as const
    const start = performance.now()
    const total = perLane * DOCS
    let sent = 0
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate))
      while (sent < due) {
        const li = sent % DOCS
        const lane = lanes[li]!
        const k = Math.floor(sent / DOCS)
        lane.sentAt[lane.sent++] = performance.now()
        lane.writer.send(messages[li]![k]!)
        sent++
      }
      await sleep(1)
    }
    const sendSeconds = (performance.now() - start) / 1000
    await sleep(1500)
    const received = lanes.reduce((n, l, i) => n + l.observer.updates - base[i]!, 0)
    const s = summary(latencies)
    if (process.env.BENCH_DEBUG) {
      const buckets = new Map<number, number[]>()
      for (const [t, l] of debug) {
        const b = Math.floor((t - start) / 250)
        buckets.set(b, [...(buckets.get(b) ?? []), l])
      }
      const self = process.cpuUsage(cpu0[1])
      const wall = performance.now() - start
      console.error(`cpu server ${Math.round(((server.cpuMs() - cpu0[0]) / wall) * 100)}% loadgen ${Math.round(((self.user + self.system) / 1000 / wall) * 100)}%`)
      console.error(rate, [...buckets].map(([b, ls]) => `${b}:${Math.round(summary(ls).p99)}`).join(' '))
    }
    const achieved = received / Math.max(sendSeconds, STEP_SECONDS)
    if (rate === WARMUP && steps.length === 0 && best.offered === 0 && !warmedUp) {
      warmedUp = true
      await sleep(500)
      continue
    }
    steps.push({ offered: rate, achieved: Math.round(achieved), p50: s.p50, p99: s.p99 })
    const ok = s.p99 <= 100 && received >= total * 0.999 && sendSeconds < STEP_SECONDS * 1.1
    if (!ok) break
    best = { offered: rate, achieved: Math.round(achieved), p99: s.p99 }
    await sleep(500)
  }
  for (const l of lanes) {
    l.writer.close()
    l.observer.close()
  }
  return { updates_per_s: best.achieved, offered: best.offered, p99_ms: best.p99, steps }
}
