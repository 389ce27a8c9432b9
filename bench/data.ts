/**
 * `npm run bench:data`: KPI values and webhooks on PostgreSQL
 * (BENCH_DATABASE_URL or TEST_DATABASE_URL; default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database, dropped at
 * the end), against the built app in its own process.
 *
 * Seeded as the table owner: one workspace, 250 touchpoints, one KPI, an API key.
 *
 * - metrics_ingest: 200,000 values (250 touchpoints × 800 days) POSTed to
 *   /api/v1/metrics/values in batches of 1,000, 4 requests at a time, each
 *   checked, upserted, attached and watched for threshold crossings.
 *   Baseline of the same run: the same rows inserted by one plain
 *   `INSERT … SELECT unnest(…)` per 1,000 straight into the table (no checks).
 * - kpi_trend: a touchpoint's 2-year daily series (731 values) read by the
 *   query the touchpoint page's trend uses (trendOf), p95 of RUNS; and the
 *   whole KPI panel read (touchpointKpis). Baseline: the 3-month series.
 * - webhooks_10k: 10,000 events emitted in 10 transactions of 1,000 and
 *   delivered by the app's job queue to a receiver on loopback, signed;
 *   seconds from the first emit to the last event received, and how many
 *   arrived more than once (by event id). Baseline: the same 10,000 bodies
 *   POSTed straight to the receiver by this process, 50 at a time.
 * - interactions_1m: 1,000,000 interaction rows (a 60 MB CSV export: 8
 *   types over 4 channels, a year of timestamps) imported and matched by the
 *   service in this process, as the upload route calls it: split and stored
 *   in chunks (startImport), then every chunk matched by 2 rules and the
 *   touchpoints' names and counted (runImport). Baseline: the same file
 *   split, parsed and matched in memory, without the database.
 *
 * Prints a table and writes bench/results/data.json.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import postgres from 'postgres'
import { createApiKey } from '../lib/api-keys/keys'
import { person, requireMembership, type MemberContext } from '../lib/auth/membership'
import { parseCsv } from '../lib/catalog/csv'
import { installDatabase } from '../lib/db'
import { openDatabase } from '../lib/db/client'
import { inWorkspace } from '../lib/db/tenant'
import { readRows, splitRecords } from '../lib/interactions/file'
import { getImport, runImport, startImport } from '../lib/interactions/imports'
import { matcher } from '../lib/interactions/matcher'
import { addRule } from '../lib/interactions/rules'
import { JOBS } from '../lib/jobs/definitions'
import { startJobs } from '../lib/jobs/queue'
import { touchpointKpis, trendOf } from '../lib/metrics/read'
import { createEndpoint } from '../lib/webhooks/endpoints'
import { dispatch, emitEvents } from '../lib/webhooks/emit'
import { startApp } from '../tests/support/app-process'
import { startWebhookReceiver } from '../tests/support/webhook-receiver'
import { freshDatabase } from './lib/fresh-database'
import { median, percentile, round } from './lib/stats'

const RUNS = Number(process.env.BENCH_RUNS ?? 50)
const TOUCHPOINTS = 250
const DAYS = 800
const BATCH = 1_000
const PARALLEL = 4
const EVENTS = 10_000
const GOALS = { values_per_s: 20_000, kpi_trend_p95_ms: 20, webhooks_10k_seconds: 60 }
const DAY = 86_400_000
const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`)

type Value = { metricId: string; touchpointId: string; value: number; periodStart: string; periodEnd: string }

async function seed(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`insert into users (id, email, name, email_verified) values ('bench-user', 'bench-data@bench.test', 'Bench Person', now())`
    const [ws] = await sql<{ id: string }[]>`insert into workspaces (name, slug, created_by) values ('Bench', 'bench', 'bench-user') returning id`
    const w = ws!.id
    await sql`insert into memberships (workspace_id, user_id, role_key) values (${w}, 'bench-user', 'owner')`
    await sql`
      insert into touchpoints (workspace_id, id, name, kind, ownership, control, channel, onsite_page, status, description, details, created_at, updated_at)
      select ${w}, 'tp-' || g, 'Touchpoint ' || g, 'communication', 'owned', 'direct', 'Web', false, 'active', '', '{}', now(), now()
      from generate_series(1, ${TOUCHPOINTS}) g`
    const [m] = await sql<{ id: string }[]>`insert into metrics (workspace_id, name, unit, direction, target, alert_at) values (${w}, 'CSAT', '%', 'higher', 85, 70) returning id`
    const [m2] = await sql<{ id: string }[]>`insert into metrics (workspace_id, name, unit, direction, target, alert_at) values (${w}, 'Raw baseline', '%', 'higher', 85, 70) returning id`
    await sql`analyze touchpoints`
    return { workspaceId: w, metricId: m!.id, baselineMetricId: m2!.id }
  } finally {
    await sql.end()
  }
}

/** Every (touchpoint, day) value, in batches of 1,000: one touchpoint's days in order, then the next. */
function batches(metricId: string): Value[][] {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
  const all: Value[] = []
  for (let t = 1; t <= TOUCHPOINTS; t++) {
    for (let d = DAYS; d >= 1; d--) {
      const at = new Date(today - d * DAY).toISOString()
      all.push({ metricId, touchpointId: `tp-${t}`, value: 70 + ((t * 7 + d * 13) % 300) / 10, periodStart: at, periodEnd: at })
    }
  }
  const out: Value[][] = []
  for (let i = 0; i < all.length; i += BATCH) out.push(all.slice(i, i + BATCH))
  return out
}

async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

async function timeRuns(fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn()
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await fn()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return { median_ms: round(median(ms))!, p95_ms: round(percentile(ms, 95))!, runs: RUNS }
}

const INTERACTION_KINDS: [type: string, channel: string][] = [
  ['Touchpoint 1', 'phone'],
  ['Touchpoint 2', 'email'],
  ['Order question', 'web chat'],
  ['Billing dispute', 'email'],
  ['Invoice copy', 'email'],
  ['Gift card balance', 'phone'],
  ['Assembly booking', 'store'],
  ['Touchpoint 3', 'store'],
]

function interactionsCsv(rows: number): string {
  const start = Date.now() - 365 * DAY
  const out: string[] = ['created_at,channel,category,segment,outcome']
  for (let i = 0; i < rows; i++) {
    const [type, channel] = INTERACTION_KINDS[(i * 7 + (i >> 3)) % INTERACTION_KINDS.length]!
    out.push(`${new Date(start + ((i * 31_557) % (365 * DAY))).toISOString()},${channel},${type},${i % 3 ? 'private' : 'business'},solved`)
  }
  return out.join('\n')
}

const BENCH_RULES = [
  { field: 'channel' as const, kind: 'contains' as const, pattern: 'chat', touchpointId: 'tp-4' },
  { field: 'type' as const, kind: 'regex' as const, pattern: '^(invoice|billing)\\b', touchpointId: 'tp-5' },
]

async function importInteractions(ctx: MemberContext, csv: string) {
  for (const r of BENCH_RULES) await addRule(ctx, r)
  const t0 = performance.now()
  const { id } = await startImport(ctx, { source: 'Bench desk', format: 'csv', fileName: 'bench.csv', mapping: { timestamp: 'created_at', channel: 'channel', type: 'category' }, text: csv })
  const t1 = performance.now()
  await runImport(ctx.workspaceId, id)
  const t2 = performance.now()
  const done = await getImport(ctx, id)
  if (done.status !== 'done' || done.doneRows !== 1_000_000) throw new Error(`the import did not finish: ${JSON.stringify(done)}`)
  return { matchedRows: done.matched, seconds: { start: (t1 - t0) / 1000, run: (t2 - t1) / 1000 } }
}

/** The baseline: the same file split, parsed and matched in memory. */
function readAndMatch(csv: string): number {
  const { header, records } = splitRecords(csv, 'csv')
  const columns = parseCsv(header!).records[0]!.cells
  const match = matcher(BENCH_RULES, new Map(Array.from({ length: TOUCHPOINTS }, (_, i) => [`touchpoint ${i + 1}`, `tp-${i + 1}`])))
  let matched = 0
  for (let i = 0; i < records.length; i += 20_000) {
    for (const r of readRows(records.slice(i, i + 20_000), 'csv', columns, { timestamp: 'created_at', channel: 'channel', type: 'category' })) {
      if ('values' in r && r.values.type && r.values.channel && !Number.isNaN(Date.parse(r.values.timestamp ?? '')) && match(r.values.type, r.values.channel)) matched++
    }
  }
  return matched
}

async function main() {
  const started = Date.now()
  // This process seals the webhook's secret and the app's process unseals it: the same AUTH_SECRET for both.
  const authSecret = randomBytes(32).toString('base64')
  process.env.AUTH_SECRET = authSecret
  const r = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('the build failed')
  const db = await freshDatabase('data')
  const handle = await openDatabase({ databaseUrl: db.url })
  installDatabase(handle)
  const receiver = await startWebhookReceiver()
  let app: Awaited<ReturnType<typeof startApp>> | null = null
  try {
    log('seeding')
    const s = await seed(db.url)
    const ctx = await requireMembership(person('bench-user'), { id: s.workspaceId })
    const key = (await createApiKey(ctx, { name: 'Bench' })).key
    app = await startApp({
      DATABASE_URL: db.url,
      SEED_DEMO: 'false',
      AUTH_SECRET: authSecret,
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
      OUTBOUND_ALLOWED_ADDRESSES: '127.0.0.1',
    })

    // Baseline: the same rows, straight into the table.
    const raw = postgres(db.url, { max: PARALLEL, onnotice: () => {} })
    const rawBatches = batches(s.baselineMetricId)
    const r0 = performance.now()
    await inParallel(rawBatches, PARALLEL, async (b) => {
      await raw`insert into metric_values (workspace_id, metric_id, touchpoint_id, period_start, period_end, segment, value, source)
        select ${s.workspaceId}::uuid, x.m::uuid, x.t, x.ps::timestamptz, x.pe::timestamptz, '', x.v::float8, 'raw'
        from unnest(${b.map((v) => v.metricId)}::text[], ${b.map((v) => v.touchpointId)}::text[], ${b.map((v) => v.periodStart)}::text[], ${b.map((v) => v.periodEnd)}::text[], ${b.map((v) => String(v.value))}::text[]) as x(m, t, ps, pe, v)`
    })
    const rawSeconds = (performance.now() - r0) / 1000
    const rawRate = Math.round((rawBatches.length * BATCH) / rawSeconds)
    log(`raw insert: ${rawRate} values/s`)

    log('ingesting 200,000 values through the API')
    const apiBatches = batches(s.metricId)
    const post = (b: Value[]) =>
      fetch(`${app!.url}/api/v1/metrics/values`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ values: b }) })
    for (const b of apiBatches.slice(0, 2)) await post(b) // warm-up (replaced again below)
    const a0 = performance.now()
    let failed = 0
    await inParallel(apiBatches, PARALLEL, async (b) => {
      const res = await post(b)
      if (res.status !== 201) failed++
      await res.arrayBuffer()
    })
    const apiSeconds = (performance.now() - a0) / 1000
    if (failed) throw new Error(`${failed} batches failed`)
    const apiRate = Math.round((apiBatches.length * BATCH) / apiSeconds)
    log(`API ingest: ${apiRate} values/s`)
    await raw.end()

    log('KPI trend reads')
    const trend2y = await timeRuns(() => trendOf(ctx, 'tp-7', s.metricId, { days: 731 }))
    const points = (await trendOf(ctx, 'tp-7', s.metricId, { days: 731 })).length
    const trend3m = await timeRuns(() => trendOf(ctx, 'tp-7', s.metricId, { days: 92 }))
    const panel = await timeRuns(() => touchpointKpis(ctx, 'tp-7', { range: '2y' }))
    log(`trend p95 ${trend2y.p95_ms} ms (${points} points), 3 months ${trend3m.p95_ms} ms, panel ${panel.p95_ms} ms`)

    log('webhooks: 10,000 events')
    await createEndpoint(ctx, { url: receiver.url, description: 'bench', events: ['insight.created'] })
    // This process only sends jobs; the app's process works them.
    const sender = await startJobs(handle.jobs, JOBS, { work: false })
    const w0 = performance.now()
    for (let i = 0; i < EVENTS; i += 1_000) {
      const queued = await inWorkspace(s.workspaceId, null, (tx) =>
        emitEvents(tx, s.workspaceId, Array.from({ length: 1_000 }, (_, k) => ({ type: 'insight.created' as const, data: { n: i + k } }))),
      )
      await dispatch(queued)
    }
    await receiver.waitFor(EVENTS, 180_000)
    const hookSeconds = (performance.now() - w0) / 1000
    await new Promise((res) => setTimeout(res, 2_000))
    const ids = receiver.received.map((x) => String(x.headers['touchmap-event-id']))
    const duplicates = ids.length - new Set(ids).size
    await sender.stop()
    log(`webhooks: ${hookSeconds.toFixed(1)} s, ${duplicates} duplicates`)
    // Baseline: the same bodies straight to the receiver.
    const bodies = receiver.received.slice(0, EVENTS).map((x) => x.body)
    const b0 = performance.now()
    await inParallel(bodies, 50, async (body) => {
      const res = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      await res.arrayBuffer()
    })
    const directSeconds = (performance.now() - b0) / 1000

    log('interactions: 1,000,000 rows')
    const csv = interactionsCsv(1_000_000)
    const i0 = performance.now()
    const { matchedRows, seconds: importSeconds } = await importInteractions(ctx, csv)
    const interSeconds = (performance.now() - i0) / 1000
    const b1 = performance.now()
    const inMemory = readAndMatch(csv)
    const readSeconds = (performance.now() - b1) / 1000
    log(`interactions: ${interSeconds.toFixed(1)} s (${importSeconds.start.toFixed(1)} s to store, ${importSeconds.run.toFixed(1)} s to match and count), ${matchedRows} matched; in memory ${readSeconds.toFixed(1)} s`)
    if (inMemory !== matchedRows) throw new Error(`the import matched ${matchedRows} rows, reading in memory ${inMemory}`)

    const result = {
      metrics_ingest: { values_per_s: apiRate, seconds: round(apiSeconds, 1), values: apiBatches.length * BATCH, batch: BATCH, parallel: PARALLEL, baseline_raw_insert_values_per_s: rawRate, ratio_to_baseline: round(apiRate / rawRate), goal_values_per_s: GOALS.values_per_s, met: apiRate >= GOALS.values_per_s },
      kpi_trend: { p95_ms: trend2y.p95_ms, median_ms: trend2y.median_ms, points, runs: RUNS, panel_p95_ms: panel.p95_ms, baseline_3_months_p95_ms: trend3m.p95_ms, ratio_to_baseline: round(trend2y.p95_ms / trend3m.p95_ms), goal_ms: GOALS.kpi_trend_p95_ms, met: trend2y.p95_ms <= GOALS.kpi_trend_p95_ms },
      webhooks_10k: { seconds: round(hookSeconds, 1), duplicates, delivered: new Set(ids).size, baseline_direct_seconds: round(directSeconds, 1), ratio_to_baseline: round(hookSeconds / directSeconds), goal_seconds: GOALS.webhooks_10k_seconds, met: hookSeconds <= GOALS.webhooks_10k_seconds && duplicates === 0 },
      interactions_1m: { seconds: round(interSeconds, 1), store_seconds: round(importSeconds.start, 1), match_seconds: round(importSeconds.run, 1), rows: 1_000_000, matched: matchedRows, baseline_in_memory_seconds: round(readSeconds, 1), ratio_to_baseline: round(interSeconds / readSeconds), goal_seconds: 60, met: interSeconds <= 60 },
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, database: 'postgresql', seconds: Math.round((Date.now() - started) / 1000), date: new Date().toISOString() },
    }
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/data.json', JSON.stringify(result, null, 2) + '\n')
    const rows: [string, string, string, string][] = [
      ['KPI values through the API, batches of 1,000, 4 at a time', `${apiRate.toLocaleString('en')} values/s`, `≥ ${GOALS.values_per_s.toLocaleString('en')}/s`, `${result.metrics_ingest.ratio_to_baseline}× a plain INSERT of the same rows (${rawRate.toLocaleString('en')}/s)`],
      [`KPI trend, 2 years daily (${points} values), p95`, `${trend2y.p95_ms} ms`, `≤ ${GOALS.kpi_trend_p95_ms} ms`, `${result.kpi_trend.ratio_to_baseline}× 3 months (${trend3m.p95_ms} ms); whole KPI panel ${panel.p95_ms} ms`],
      ['10,000 webhook events delivered (signed, through the queue)', `${round(hookSeconds, 1)} s, ${duplicates} duplicates`, `≤ ${GOALS.webhooks_10k_seconds} s, 0`, `${result.webhooks_10k.ratio_to_baseline}× POSTing the same bodies directly (${round(directSeconds, 1)} s)`],
      ['1,000,000 interaction rows imported and matched', `${round(interSeconds, 1)} s`, '≤ 60 s', `${result.interactions_1m.ratio_to_baseline}× reading and matching the file in memory (${round(readSeconds, 1)} s); ${round(importSeconds.start, 1)} s storing, ${round(importSeconds.run, 1)} s matching and counting`],
    ]
    console.log('\n| measure | result | goal | note |\n|---|---|---|---|')
    for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  } finally {
    await app?.stop()
    await receiver.close()
    await handle.close()
    if (process.env.BENCH_KEEP_DB) log(`kept the database: ${db.url}`)
    else await db.drop()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
