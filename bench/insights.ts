/**
 * `npm run bench:insights`: the insight feed and API ingestion on PostgreSQL.
 *
 * 1. A fresh database on BENCH_DATABASE_URL (or TEST_DATABASE_URL; default
 *    postgres://postgres@127.0.0.1:5432/postgres), dropped at the end.
 * 2. The built app (tests/support/app-process.ts), which applies the
 *    migrations. API_RATE_LIMIT_PER_MINUTE is raised so the limit never
 *    answers 429, but its counter still runs on every request, as in
 *    production.
 * 3. Seeded with SQL as the table owner (INSERT … SELECT generate_series;
 *    the insights indexes are dropped during the load and rebuilt, as a bulk
 *    load would): 1,000 workspaces, 1,000,000 insights, 200,000 of them in
 *    workspace "bench-1", whose 300 read-model touchpoints are linked from
 *    about 30% of its insights; an API key for it and one for "bench-2".
 * 4. 50 concurrent keep-alive HTTP clients, BENCH_SECONDS (15) each after a
 *    short warm-up: GET /api/health (the baseline), GET /api/v1/insights (the
 *    first page of the big workspace's feed), GET
 *    /api/v1/insights?status=new&type=complaint (a filtered page); p50, p95,
 *    p99 and each p95 over health's p95.
 * 5. Ingestion: 50 clients POST /api/v1/insights with one insight each for
 *    BENCH_SECONDS → insights/s; then batches of 100 (the second figure).
 *    BENCH_PROFILE_DIR=<dir> runs the app under `node --cpu-prof` and leaves its CPU profile there.
 *
 * Prints a table and writes bench/results/insights.json. Run it in a copy of
 * the tree (it builds the app: scripts/build-if-needed.mjs).
 */
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { PgDialect } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { feedSql, type FeedFilters } from '../lib/insights/feed'
import { startApp, type AppProcess } from '../tests/support/app-process'
import { freshDatabase } from './lib/fresh-database'
import { percentile, round, sleep } from './lib/stats'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const WARMUP_SECONDS = 2
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50)
const TOTAL = Number(process.env.BENCH_INSIGHTS ?? 1_000_000)
const BIG = Number(process.env.BENCH_BIG ?? 200_000)
const WORKSPACES = 1_000
const TOUCHPOINTS = 300
const BATCH = 100
const GOAL_P95_MS = 50
const GOAL_INGEST = 1_000
const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`)

function build() {
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { stdio: 'inherit' })
    if (r.status === 0) return
    if (attempt >= 4) throw new Error('the build failed')
    log(`build failed (another build may hold .next), retrying in 20 s (${attempt}/3)`)
    spawnSync('sleep', ['20'])
  }
}


const newKey = () => {
  const key = 'tm_' + randomBytes(32).toString('base64url')
  return { key, hash: createHash('sha256').update(key).digest('hex'), prefix: key.slice(0, 10) }
}

/** Seeds as the owner of the tables (RLS does not apply to it). Returns the keys. */
async function seed(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const t0 = Date.now()
  try {
    await sql`insert into users (id, email, name) values ('bench-user', 'bench@example.test', 'Bench Person')`
    await sql`insert into workspaces (name, slug, created_by) select 'Bench ' || g, 'bench-' || g, 'bench-user' from generate_series(1, ${WORKSPACES}) g`
    await sql`insert into memberships (workspace_id, user_id, role_key) select id, 'bench-user', 'owner' from workspaces where slug like 'bench-%'`
    const big = (await sql<{ id: string }[]>`select id from workspaces where slug = 'bench-1'`)[0]!.id
    const ingestWs = (await sql<{ id: string }[]>`select id from workspaces where slug = 'bench-2'`)[0]!.id
    await sql`
      insert into touchpoints (workspace_id, id, name, kind, ownership, control, channel, onsite_page, status, description, created_at, updated_at)
      select ${big}, 'tp-' || g, 'Touchpoint ' || g, 'communication', 'owned', 'controlled', 'Email', false, 'active', 'Seeded for the benchmark', now(), now()
      from generate_series(1, ${TOUCHPOINTS}) g`
    const feedKey = newKey()
    const ingestKey = newKey()
    await sql`insert into api_keys (workspace_id, name, prefix, hash, created_by) values
      (${big}, 'Bench feed', ${feedKey.prefix}, ${feedKey.hash}, 'bench-user'),
      (${ingestWs}, 'Bench ingest', ${ingestKey.prefix}, ${ingestKey.hash}, 'bench-user')`

    // Bulk load: drop the secondary indexes, load, rebuild them.
    const defs = await sql<{ indexname: string; indexdef: string }[]>`
      select i.relname as indexname, pg_get_indexdef(i.oid) as indexdef
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relname in ('insights', 'insight_touchpoints') and not x.indisprimary and not x.indisunique`
    for (const d of defs) await sql.unsafe(`drop index "${d.indexname}"`)
    const body = `'Customers told us about ' || (array['checkout','delivery','returns','the invoice','the app login','opening hours'])[1 + g % 6] || ' on ' || (array['the phone','chat','a review site','social media'])[1 + g % 4] || ' (case ' || g || '). They expected it to be quicker and clearer.'`
    const cols = (n: number) => `
      (array['weakness','opportunity','customer_insight','complaint','praise','idea'])[1 + g % 6],
      (array['analytics','support','social_media','review_site','price_comparison','survey','sales_conversation','crm','other'])[1 + g % 9],
      (array['negative','neutral','positive'])[1 + g % 3],
      (array['new','in_review','actioned','dismissed'])[1 + (g / 7) % 4],
      array['topic-' || g % 40],
      'api',
      now() - (g::float8 / ${n}) * interval '365 days'`
    log(`seeding ${BIG.toLocaleString('en')} insights in the big workspace`)
    await sql.unsafe(`
      insert into insights (workspace_id, title, body, type, source, sentiment, status, topics, via, created_at)
      select '${big}', 'Insight ' || g || ': ' || (array['checkout','delivery','returns','invoice','login','hours'])[1 + g % 6], ${body}, ${cols(BIG)}
      from generate_series(1, ${BIG}) g`)
    const rest = TOTAL - BIG
    log(`seeding ${rest.toLocaleString('en')} insights across ${WORKSPACES - 1} other workspaces`)
    await sql.unsafe(`
      with ws as (select id, (row_number() over (order by id)) - 1 as n from workspaces where slug like 'bench-%' and id <> '${big}')
      insert into insights (workspace_id, title, body, type, source, sentiment, status, topics, via, created_at)
      select ws.id, 'Insight ' || g, ${body}, ${cols(rest)}
      from generate_series(0, ${rest - 1}) g join ws on ws.n = g % ${WORKSPACES - 1}`)
    log('linking touchpoints')
    await sql.unsafe(`
      insert into insight_touchpoints (workspace_id, insight_id, touchpoint_id)
      select workspace_id, id, 'tp-' || (1 + abs(hashtext(id::text)) % ${TOUCHPOINTS}) from insights where workspace_id = '${big}' and abs(hashtext(id::text)) % 10 < 3`)
    log(`rebuilding ${defs.length} indexes`)
    await sql.unsafe(`set maintenance_work_mem = '256MB'`)
    for (const d of defs) await sql.unsafe(d.indexdef)
    await sql.unsafe('vacuum analyze insights')
    await sql.unsafe('analyze insight_touchpoints')
    await sql.unsafe('analyze touchpoints')
    const n = (await sql<{ n: number }[]>`select count(*)::int as n from insights`)[0]!.n
    const links = (await sql<{ links: number }[]>`select count(*)::int as links from insight_touchpoints`)[0]!.links
    return { big, ingestWs, feedKey: feedKey.key, ingestKey: ingestKey.key, insights: n, links, seconds: Math.round((Date.now() - t0) / 1000) }
  } finally {
    await sql.end()
  }
}

type Sample = { ms: number; status: number }

function request(agent: http.Agent, base: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Sample> {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        res.on('data', () => {})
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }))
      },
    )
    req.on('error', () => resolve({ ms: performance.now() - t0, status: 0 }))
    if (body) req.write(body)
    req.end()
  })
}

/** `clients` concurrent loops for `seconds` (after a warm-up that is not recorded). */
async function load(base: URL, seconds: number, next: (i: number) => { method: string; path: string; headers: Record<string, string>; body?: string }, clients = CLIENTS) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const run = async (until: number, out: Sample[] | null) => {
    let i = 0
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        while (performance.now() < until) {
          const r = next(c * 1_000_000 + i++)
          const s = await request(agent, base, r.method, r.path, r.headers, r.body)
          out?.push(s)
        }
      }),
    )
  }
  await run(performance.now() + WARMUP_SECONDS * 1000, null)
  const samples: Sample[] = []
  const t0 = performance.now()
  await run(t0 + seconds * 1000, samples)
  const elapsed = (performance.now() - t0) / 1000
  agent.destroy()
  const ok = samples.filter((s) => s.status >= 200 && s.status < 300)
  const sorted = ok.map((s) => s.ms).sort((a, b) => a - b)
  const statuses: Record<string, number> = {}
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1
  return {
    requests: samples.length,
    ok: ok.length,
    statuses,
    per_s: round(ok.length / elapsed, 1)!,
    p50_ms: round(percentile(sorted, 50))!,
    p95_ms: round(percentile(sorted, 95))!,
    p99_ms: round(percentile(sorted, 99))!,
  }
}

/**
 * EXPLAIN ANALYZE of the feed's page query (lib/insights/feed.ts feedSql) as
 * the app runs it: role touchmap_app, row-level security on, the workspace
 * set. Second run of each (warm cache).
 */
async function explainFeed(url: string, workspaceId: string) {
  const db = postgres(url, { max: 1, onnotice: () => {} })
  const dialect = new PgDialect()
  const out: Record<string, { execution_ms: number; plan: string[] }> = {}
  try {
    for (const [name, filters] of [
      ['first_page', {}],
      ['filtered', { status: ['new'], type: ['complaint'] }],
    ] as [string, FeedFilters][]) {
      const q = dialect.sqlToQuery(feedSql({ workspaceId, userId: 'bench-user' }, filters, null, 26))
      for (let run = 0; run < 2; run++) {
        const rows = await db.begin(async (tx) => {
          await tx.unsafe('set local role touchmap_app')
          await tx.unsafe(`select set_config('app.workspace_id', $1, true), set_config('app.user_id', 'bench-user', true)`, [workspaceId])
          return tx.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as never[])
        })
        const plan = (rows as unknown as Record<string, string>[]).map((r) => Object.values(r)[0]!)
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1] ?? NaN)
        out[name] = { execution_ms: ms, plan }
      }
    }
  } finally {
    await db.end()
  }
  return out
}

const insightBody = (i: number) =>
  ({
    title: `Bench ingest ${i}: the parcel arrived late`,
    body: 'The customer called the hotline: the parcel arrived two days after the promised date, and nobody told them.',
    type: 'complaint',
    source: 'support',
    topics: ['delivery'],
  }) as const

async function main() {
  const started = Date.now()
  const deadline = setTimeout(() => {
    log('15 minutes passed: giving up')
    process.exit(2)
  }, 15 * 60_000)
  deadline.unref()
  build()
  const db = await freshDatabase('insights')
  let app: AppProcess | undefined
  try {
    log('starting the app (it applies the migrations)')
    app = await startApp({
      DATABASE_URL: db.url,
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: '1000000000',
    }, { nodeArgs: process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [] })
    const s = await seed(db.url)
    log(`seeded ${s.insights.toLocaleString('en')} insights and ${s.links.toLocaleString('en')} touchpoint links in ${s.seconds} s`)
    const base = new URL(app.url)
    const feedAuth = { authorization: `Bearer ${s.feedKey}` }
    const ingestAuth = { authorization: `Bearer ${s.ingestKey}` }

    // One sanity request each, so a broken route fails loudly instead of timing 401s.
    for (const [path, h] of [['/api/v1/insights', feedAuth], ['/api/v1/insights?status=new&type=complaint', feedAuth]] as const) {
      const r = await fetch(`${app.url}${path}`, { headers: h })
      const j = (await r.json()) as { items?: unknown[] }
      if (r.status !== 200 || !j.items?.length) throw new Error(`${path}: ${r.status} ${JSON.stringify(j).slice(0, 300)}`)
    }

    const plans = await explainFeed(db.url, s.big)
    log(`EXPLAIN ANALYZE (as touchmap_app, RLS on): first page ${plans.first_page!.execution_ms} ms, filtered ${plans.filtered!.execution_ms} ms`)

    // One client at a time: what a request costs when it does not queue behind 49 others.
    const UNLOADED_SECONDS = 3
    log(`one client at a time, ${UNLOADED_SECONDS} s per scenario`)
    const unloaded = {
      health: await load(base, UNLOADED_SECONDS, () => ({ method: 'GET', path: '/api/health', headers: {} }), 1),
      feed_first_page: await load(base, UNLOADED_SECONDS, () => ({ method: 'GET', path: '/api/v1/insights', headers: feedAuth }), 1),
      feed_filtered: await load(base, UNLOADED_SECONDS, () => ({ method: 'GET', path: '/api/v1/insights?status=new&type=complaint', headers: feedAuth }), 1),
      ingest_single: await load(base, UNLOADED_SECONDS, (i) => ({ method: 'POST', path: '/api/v1/insights', headers: ingestAuth, body: JSON.stringify(insightBody(-i - 1)) }), 1),
    }

    log(`GET /api/health, ${CLIENTS} clients, ${SECONDS} s`)
    const health = await load(base, SECONDS, () => ({ method: 'GET', path: '/api/health', headers: {} }))
    log(`GET /api/v1/insights (first page of ${BIG.toLocaleString('en')})`)
    const first = await load(base, SECONDS, () => ({ method: 'GET', path: '/api/v1/insights', headers: feedAuth }))
    log('GET /api/v1/insights?status=new&type=complaint')
    const filtered = await load(base, SECONDS, () => ({ method: 'GET', path: '/api/v1/insights?status=new&type=complaint', headers: feedAuth }))
    log(`POST /api/v1/insights, one insight per request, ${SECONDS} s`)
    const single = await load(base, SECONDS, (i) => ({ method: 'POST', path: '/api/v1/insights', headers: ingestAuth, body: JSON.stringify(insightBody(i)) }))
    const batchSeconds = Math.max(5, Math.round(SECONDS / 2))
    log(`POST /api/v1/insights, batches of ${BATCH}, ${batchSeconds} s`)
    const batch = await load(base, batchSeconds, (i) => ({
      method: 'POST',
      path: '/api/v1/insights',
      headers: ingestAuth,
      body: JSON.stringify({ insights: Array.from({ length: BATCH }, (_, j) => insightBody(i * BATCH + j)) }),
    }))

    const ratio = (x: number) => round(x / health.p95_ms, 1)!
    const results = {
      health,
      feed_first_page: { path: '/api/v1/insights', ...first, ratio: ratio(first.p95_ms), goal_p95_ms: GOAL_P95_MS, met: first.p95_ms <= GOAL_P95_MS },
      feed_filtered: { path: '/api/v1/insights?status=new&type=complaint', ...filtered, ratio: ratio(filtered.p95_ms), goal_p95_ms: GOAL_P95_MS, met: filtered.p95_ms <= GOAL_P95_MS },
      ingest: {
        insights_per_s: single.per_s,
        requests_per_s: single.per_s,
        p50_ms: single.p50_ms,
        p95_ms: single.p95_ms,
        statuses: single.statuses,
        goal_insights_per_s: GOAL_INGEST,
        met: single.per_s >= GOAL_INGEST,
        batch: { size: BATCH, insights_per_s: round(batch.per_s * BATCH, 0), requests_per_s: batch.per_s, p95_ms: batch.p95_ms, statuses: batch.statuses },
      },
      one_client: Object.fromEntries(Object.entries(unloaded).map(([k, v]) => [k, { p50_ms: v.p50_ms, p95_ms: v.p95_ms, per_s: v.per_s }])),
      feed_sql: { first_page_execution_ms: plans.first_page!.execution_ms, filtered_execution_ms: plans.filtered!.execution_ms, first_page_plan: plans.first_page!.plan, filtered_plan: plans.filtered!.plan },
      data: { insights: s.insights, workspaces: WORKSPACES, big_workspace_insights: BIG, touchpoint_links: s.links, seed_seconds: s.seconds },
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memory_gb: round(os.totalmem() / 2 ** 30, 1),
        load_avg_1m: round(os.loadavg()[0]!, 2),
        node: process.version,
        database: 'postgresql',
        app_processes: 1,
        clients: CLIENTS,
        seconds_per_scenario: SECONDS,
        note: 'the load generator, the app and PostgreSQL share this machine',
        total_seconds: Math.round((Date.now() - started) / 1000),
        date: new Date().toISOString(),
      },
    }
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/insights.json', JSON.stringify(results, null, 2) + '\n')

    const goal = (ok: boolean) => (ok ? 'met' : 'MISSED')
    const rows = [
      ['scenario', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'p95 / health', 'goal'],
      ['GET /api/health (baseline)', health.p50_ms, health.p95_ms, health.p99_ms, health.per_s, '1', ''],
      [`feed, first page (${BIG.toLocaleString('en')} insights)`, first.p50_ms, first.p95_ms, first.p99_ms, first.per_s, results.feed_first_page.ratio, `p95 <= ${GOAL_P95_MS}: ${goal(results.feed_first_page.met)}`],
      ['feed, status=new&type=complaint', filtered.p50_ms, filtered.p95_ms, filtered.p99_ms, filtered.per_s, results.feed_filtered.ratio, `p95 <= ${GOAL_P95_MS}: ${goal(results.feed_filtered.met)}`],
      ['POST one insight per request', single.p50_ms, single.p95_ms, single.p99_ms, single.per_s, '', `>= ${GOAL_INGEST}/s: ${goal(results.ingest.met)}`],
      [`POST batches of ${BATCH}`, batch.p50_ms, batch.p95_ms, batch.p99_ms, `${batch.per_s} (${results.ingest.batch.insights_per_s} insights/s)`, '', ''],
    ].map((r) => r.map(String))
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
    console.log('\n' + rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'))
    console.log(
      `\n${s.insights.toLocaleString('en')} insights in ${WORKSPACES} workspaces; ${CLIENTS} clients, ${SECONDS} s per scenario; ` +
        `ingest ${results.ingest.insights_per_s} insights/s single, ${results.ingest.batch.insights_per_s} in batches; ${results.machine.total_seconds} s; bench/results/insights.json written`,
    )
    console.log(
      `one client at a time, p50: health ${unloaded.health.p50_ms} ms, first page ${unloaded.feed_first_page.p50_ms} ms, filtered ${unloaded.feed_filtered.p50_ms} ms, ` +
        `one insight ${unloaded.ingest_single.p50_ms} ms; feed SQL (EXPLAIN ANALYZE) ${plans.first_page!.execution_ms} / ${plans.filtered!.execution_ms} ms; load average ${results.machine.load_avg_1m} on ${results.machine.cpus} CPUs`,
    )
    const errors = [health, first, filtered, single, batch].filter((r) => r.ok !== r.requests)
    if (errors.length) console.log('non-2xx answers:', errors.map((e) => e.statuses))
  } catch (err) {
    if (app) console.error(app.output().slice(-4000))
    throw err
  } finally {
    await app?.stop()
    if (process.env.BENCH_KEEP_DB === '1') log(`kept the database: ${db.url}`)
    else await db.drop().catch((e: unknown) => log(`could not drop the database: ${String(e)}`))
  }
  await sleep(10)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
