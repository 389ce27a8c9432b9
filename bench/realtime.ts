/**
 * `npm run bench:realtime`: the realtime engine against the stock
 * @y/websocket-server@0.1.1 (no auth, no persistence), same load generator,
 * same run, same machine. Servers run in their own process pinned to core 0,
 * the load generator to core 1 (taskset). Needs PostgreSQL
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres);
 * BENCH_QUICK=1 for a short smoke run. Prints a table, writes
 * bench/results/realtime.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { ORIGIN } from './lib/raw-client'
import { openBenchDatabase, serverEnv } from './lib/setup'
import { HAS_TASKSET, pinSelf, startServer } from './lib/server-process'
import { median, round } from './lib/stats'
import { coldLoad } from './scenarios/cold-load'
import { fanout } from './scenarios/fanout'
import { memory } from './scenarios/memory'
import { storm } from './scenarios/storm'
import { throughput } from './scenarios/throughput'

const QUICK = process.env.BENCH_QUICK === '1'
const RUNS = QUICK ? 1 : 3
const FANOUT_SECONDS = QUICK ? 3 : 8
const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`)

async function main() {
  pinSelf()
  process.setMaxListeners(0) // each stock WebsocketProvider adds a process 'exit' listener
  const started = Date.now()
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  const env = serverEnv(db, ORIGIN)
  try {
    const fan: Record<'ours' | 'stock', Record<number, { p50: number[]; p99: number[]; lost: number }>> = {
      ours: { 100: { p50: [], p99: [], lost: 0 }, 1000: { p50: [], p99: [], lost: 0 } },
      stock: { 100: { p50: [], p99: [], lost: 0 }, 1000: { p50: [], p99: [], lost: 0 } },
    }
    for (let run = 0; run < RUNS; run++) {
      for (const kind of run % 2 ? (['ours', 'stock'] as const) : (['stock', 'ours'] as const)) {
        for (const n of [100, 1000]) {
          const server = await startServer(kind, kind === 'ours' ? env : {})
          log(`fan-out ${kind} ${n} observers, run ${run + 1}/${RUNS}`)
          const r = await fanout(server, db, n, FANOUT_SECONDS)
          fan[kind][n]!.p50.push(r.p50)
          fan[kind][n]!.p99.push(r.p99)
          fan[kind][n]!.lost += r.lost
          await server.kill()
        }
      }
    }

    const mem: Record<string, Awaited<ReturnType<typeof memory>>> = {}
    for (const kind of ['stock', 'ours'] as const) {
      const server = await startServer(kind, kind === 'ours' ? env : {})
      log(`memory ${kind}`)
      mem[kind] = await memory(server, db, QUICK ? 500 : 2000)
      await server.kill()
    }
    // Throughput: the median of RUNS ramps per server (a single ramp's p99 is at the mercy of one GC pause).
    const tputRuns: Record<'ours' | 'stock', Awaited<ReturnType<typeof throughput>>[]> = { ours: [], stock: [] }
    for (let run = 0; run < RUNS; run++) {
      for (const kind of run % 2 ? (['ours', 'stock'] as const) : (['stock', 'ours'] as const)) {
        const server = await startServer(kind, kind === 'ours' ? env : {})
        log(`throughput ${kind}, run ${run + 1}/${RUNS}`)
        const r = await throughput(server, db)
        log(`throughput ${kind}: ${r.updates_per_s}/s ${JSON.stringify(r.steps.map((x) => [x.offered, round(x.p99, 1)]))}`)
        tputRuns[kind].push(r)
        await server.kill()
      }
    }
    const medianRun = (rs: Awaited<ReturnType<typeof throughput>>[]) => [...rs].sort((a, b) => a.updates_per_s - b.updates_per_s)[Math.floor(rs.length / 2)]!
    const tput = { ours: medianRun(tputRuns.ours), stock: medianRun(tputRuns.stock) }

    let server = await startServer('ours', env)
    log('cold load')
    const cold = await coldLoad(server, db, QUICK ? 5 : 20, 0)
    const coldTail = await coldLoad(server, db, QUICK ? 5 : 10, 10)
    await server.kill()
    server = await startServer('ours', env)
    log('reconnect storm')
    const st = await storm(server, db, env, QUICK ? 200 : 1000, QUICK ? 20 : 100)
    await st.server.kill()

    const f = (kind: 'ours' | 'stock', n: number) => ({ p50: median(fan[kind][n]!.p50), p99: median(fan[kind][n]!.p99) })
    const results = {
      fanout_100: { p50_ms: round(f('ours', 100).p50), p99_ms: round(f('ours', 100).p99), ratio_p99: round(f('ours', 100).p99 / f('stock', 100).p99), stock_p50_ms: round(f('stock', 100).p50), stock_p99_ms: round(f('stock', 100).p99), lost: fan.ours[100]!.lost },
      fanout_1000: { p50_ms: round(f('ours', 1000).p50), p99_ms: round(f('ours', 1000).p99), ratio_p99: round(f('ours', 1000).p99 / f('stock', 1000).p99), stock_p50_ms: round(f('stock', 1000).p50), stock_p99_ms: round(f('stock', 1000).p99), lost: fan.ours[1000]!.lost },
      idle_connection_kb: round(mem.ours!.idle_connection_kb),
      stock_idle_connection_kb: round(mem.stock!.idle_connection_kb),
      idle_connection_heap_kb: round(mem.ours!.idle_connection_heap_kb),
      stock_idle_connection_heap_kb: round(mem.stock!.idle_connection_heap_kb),
      loaded_doc_1k_items_kb: round(mem.ours!.loaded_doc_1k_items_kb),
      stock_loaded_doc_1k_items_kb: round(mem.stock!.loaded_doc_1k_items_kb),
      cold_load_10k: { p50_ms: round(cold.p50), p99_ms: round(cold.p99), docs: cold.n, encoded_kb: round(cold.encoded_kb), with_10_log_rows_p50_ms: round(coldTail.p50) },
      reconnect_storm_1000: { seconds: round(st.result.seconds ?? NaN), p50_client_seconds: round(st.result.p50_client_seconds), all_synced: st.result.all_synced, converged: st.result.converged, duplicate_rows: st.result.duplicate_rows },
      throughput: {
        updates_per_s: tput.ours.updates_per_s,
        ratio: round(tput.ours.updates_per_s / tput.stock.updates_per_s),
        stock_updates_per_s: tput.stock.updates_per_s,
        p99_ms: round(tput.ours.p99_ms),
        runs: tputRuns.ours.map((r) => r.updates_per_s),
        stock_runs: tputRuns.stock.map((r) => r.updates_per_s),
        steps: tput.ours.steps,
        stock_steps: tput.stock.steps,
      },
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, pinned: HAS_TASKSET, runs: RUNS, quick: QUICK, seconds: Math.round((Date.now() - started) / 1000), date: new Date().toISOString() },
    }
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/realtime.json', JSON.stringify(results, null, 2) + '\n')

    const goal = (ok: boolean) => (ok ? 'met' : 'MISSED')
    const rows: [string, string, string, string, string][] = [
      ['fan-out 100 p50 / p99 (ms)', `${results.fanout_100.p50_ms} / ${results.fanout_100.p99_ms}`, `${results.fanout_100.stock_p50_ms} / ${results.fanout_100.stock_p99_ms}`, `${results.fanout_100.ratio_p99}`, goal((results.fanout_100.p99_ms ?? Infinity) <= 10 && (results.fanout_100.ratio_p99 ?? Infinity) <= 1.1)],
      ['fan-out 1000 p50 / p99 (ms)', `${results.fanout_1000.p50_ms} / ${results.fanout_1000.p99_ms}`, `${results.fanout_1000.stock_p50_ms} / ${results.fanout_1000.stock_p99_ms}`, `${results.fanout_1000.ratio_p99}`, goal((results.fanout_1000.p99_ms ?? Infinity) <= 50 && (results.fanout_1000.ratio_p99 ?? Infinity) <= 1.1)],
      ['RSS per idle connection (KB)', `${results.idle_connection_kb}`, `${results.stock_idle_connection_kb}`, `${round((results.idle_connection_kb ?? NaN) / (results.stock_idle_connection_kb ?? NaN))}`, goal((results.idle_connection_kb ?? Infinity) <= 20 && (results.idle_connection_kb ?? Infinity) <= (results.stock_idle_connection_kb ?? 0))],
      ['retained heap per idle connection (KB)', `${results.idle_connection_heap_kb}`, `${results.stock_idle_connection_heap_kb}`, `${round((results.idle_connection_heap_kb ?? NaN) / (results.stock_idle_connection_heap_kb ?? NaN))}`, '-'],
      ['heap per loaded doc, 1k items (KB)', `${results.loaded_doc_1k_items_kb}`, `${results.stock_loaded_doc_1k_items_kb}`, `${round((results.loaded_doc_1k_items_kb ?? NaN) / (results.stock_loaded_doc_1k_items_kb ?? NaN))}`, '-'],
      ['cold load 10k items p50 (ms)', `${results.cold_load_10k.p50_ms} (+10 log rows: ${results.cold_load_10k.with_10_log_rows_p50_ms})`, 'n/a', '-', goal((results.cold_load_10k.p50_ms ?? Infinity) <= 30)],
      ['reconnect storm 1000 (s)', `${results.reconnect_storm_1000.seconds} (dup rows ${results.reconnect_storm_1000.duplicate_rows})`, 'n/a', '-', goal((results.reconnect_storm_1000.seconds ?? Infinity) <= 5 && results.reconnect_storm_1000.duplicate_rows === 0)],
      ['throughput (updates/s, p99<100ms)', `${results.throughput.updates_per_s}`, `${results.throughput.stock_updates_per_s}`, `${results.throughput.ratio}`, goal(results.throughput.updates_per_s >= 20_000 && (results.throughput.ratio ?? 0) >= 0.8)],
    ]
    const header: [string, string, string, string, string] = ['metric', 'touchmap', 'stock 0.1.1', 'ratio', 'goal']
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |'
    console.log([line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n'))
    console.log(`\n${RUNS} run(s), servers ${HAS_TASKSET ? 'pinned to core 0, load generator to core 1' : 'not pinned (no taskset)'}; ${results.machine.seconds} s; bench/results/realtime.json written`)
  } finally {
    await db.drop().catch(() => {})
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err)
    process.exit(1)
  },
)
