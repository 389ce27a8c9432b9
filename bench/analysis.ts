/**
 * `npm run bench:analysis`: the distribution analysis and the audits on
 * PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database, dropped at
 * the end).
 *
 * Seeded with SQL as the table owner: one workspace, 21 members, 10 maps of
 * 10 stages x 5 segments, each with 500 touchpoints of its own (5,000 in
 * all, one card each), 100,000 insights linked to them over the last 120
 * days, and 20 members' scores on three criteria for every touchpoint
 * (300,000 scores).
 *
 * Measured in this process, through the services the routes call (server
 * time, no HTTP), RUNS times after warm-up: the analysis data for one map and
 * for the workspace (p95), against the baseline of the same run: the
 * "improve next" data the analysis page already loaded (analysisData).
 * Opening a campaign over the 5,000 touchpoints (once; tasks counted).
 * "What changed" between two closed audits of a 500-touchpoint map whose
 * second state has 50 renamed touchpoints, 50 moved cards and 20 new owners
 * (p95). Then, in Chromium against the built app: the distribution page of
 * one map from navigation to the heatmap drawn and the page interactive
 * (React has hydrated it), median and p95 of RUNS loads. And a version of a
 * 1,000-card map (written through its live document) opened, p95.
 *
 * Prints a table and writes bench/results/analysis.json.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { chromium } from 'playwright-core'
import postgres from 'postgres'
import { openCampaign } from '../lib/audits/campaigns'
import { compareAudits } from '../lib/audits/queries'
import { readState } from '../lib/audits/snapshot'
import { distributionFor } from '../lib/analysis/load'
import { person, requireMembership } from '../lib/auth/membership'
import { installDatabase } from '../lib/db'
import { openDatabase } from '../lib/db/client'
import { inWorkspace } from '../lib/db/tenant'
import { analysisData } from '../lib/evaluation/evaluation'
import { withoutPrintedMail } from '../lib/mail/send-mail'
import { addSegment, mapDocName, placeTouchpoint, readMap } from '../lib/maps/doc-schema'
import { createMap } from '../lib/maps/maps'
import { projectMap } from '../lib/maps/projection'
import { withDocument } from '../lib/documents/live-documents'
import { saveVersion, versionView } from '../lib/versions/versions'
import { startApp } from '../tests/support/app-process'
import { startRealtimeServer } from '../tests/support/realtime'
import { extractLink, waitForMail } from '../tests/support/mail-client'
import { startMailServer } from '../tests/support/mail-server'
import { freshDatabase } from './lib/fresh-database'
import { median, percentile, round } from './lib/stats'

const RUNS = Number(process.env.BENCH_RUNS ?? 30)
const MAPS = 10
const PER_MAP = 500
const STAGES = 10
const SEGMENTS = 5
const MEMBERS = 20
const INSIGHTS = Number(process.env.BENCH_INSIGHTS ?? 100_000)
const CRITERIA = ['value', 'simplicity', 'effectiveness']
const GOALS = { analysis_map_p95_ms: 150, analysis_workspace_p95_ms: 150, heatmap_interactive_ms: 500, campaign_open_5000_seconds: 5, audit_diff_500_ms: 300, version_open_1000_ms: 1000 }
const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`)
const BENCH_EMAIL = 'bench-analysis@bench.test'


/** Seeds as the owner of the tables (row-level security does not apply to it). */
async function seed(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const t0 = Date.now()
  try {
    await sql`insert into users (id, email, name, email_verified) values ('bench-user', ${BENCH_EMAIL}, 'Bench Person', now())`
    await sql`insert into users (id, email, name) select 'member-' || g, 'member-' || g || '@bench.test', 'Member ' || g from generate_series(1, ${MEMBERS}) g`
    const [ws] = await sql<{ id: string }[]>`insert into workspaces (name, slug, created_by) values ('Bench', 'bench', 'bench-user') returning id`
    const w = ws!.id
    await sql`insert into memberships (workspace_id, user_id, role_key) values (${w}, 'bench-user', 'owner')`
    await sql`insert into memberships (workspace_id, user_id, role_key) select ${w}, 'member-' || g, 'editor' from generate_series(1, ${MEMBERS}) g`
    const maps = await sql<{ id: string }[]>`insert into maps (workspace_id, name, template) select ${w}, 'Map ' || g, 'blank' from generate_series(1, ${MAPS}) g returning id`
    const mapIds = maps.map((m) => m.id)
    for (const [i, m] of mapIds.entries()) {
      await sql`insert into map_stages (workspace_id, map_id, id, name, description, weight, position) select ${w}, ${m}, 's' || g, 'Stage ' || g, '', (g + ${i}) % 6, g from generate_series(0, ${STAGES - 1}) g`
      await sql`insert into map_segments (workspace_id, map_id, id, name, profile, goal, priority, position) select ${w}, ${m}, 'g' || g, 'Segment ' || g, '', 'grow', 3, g from generate_series(0, ${SEGMENTS - 1}) g`
    }
    await sql`
      insert into touchpoints (workspace_id, id, name, kind, ownership, control, channel, onsite_page, status, owner_user_id, description, details, created_at, updated_at)
      select ${w}, 'tp-' || g, 'Touchpoint ' || g, (array['communication','human','physical','sensory'])[1 + g % 4], (array['owned','paid','earned'])[1 + g % 3],
             (array['direct','indirect'])[1 + g % 2], 'Web', false, 'active', case when g % 7 = 0 then null else 'member-' || (1 + g % ${MEMBERS}) end, 'Seeded',
             case when g % 3 = 0 then '{"dataGenerated":"Clicks","dataCaptured":""}' else '{"dataGenerated":"","dataCaptured":""}' end, now(), now()
      from generate_series(1, ${MAPS * PER_MAP}) g`
    for (const [i, m] of mapIds.entries()) {
      await sql`
        insert into placements (workspace_id, map_id, id, touchpoint_id, stage_id, segment_id, position)
        select ${w}, ${m}, 'p' || g, 'tp-' || (${i * PER_MAP} + g), 's' || (g % ${STAGES}), 'g' || ((g / ${STAGES}) % ${SEGMENTS}), g / ${STAGES * SEGMENTS}
        from generate_series(1, ${PER_MAP}) g`
    }
    // A bulk load: the stats trigger is off while the scores go in, and the sums are computed once after.
    await sql`alter table touchpoint_scores disable trigger touchpoint_scores_stats`
    await sql`
      insert into touchpoint_scores (workspace_id, touchpoint_id, user_id, criterion, score)
      select ${w}, 'tp-' || t, 'member-' || u, c, 1 + (t + u) % 5
      from generate_series(1, ${MAPS * PER_MAP}) t, generate_series(1, ${MEMBERS}) u, unnest(${CRITERIA}::text[]) c`
    await sql`alter table touchpoint_scores enable trigger touchpoint_scores_stats`
    await sql`insert into touchpoint_score_stats (workspace_id, touchpoint_id, criterion, total, n) select workspace_id, touchpoint_id, criterion, sum(score), count(*) from touchpoint_scores group by 1, 2, 3`
    await sql`insert into touchpoint_raters (workspace_id, touchpoint_id, people) select workspace_id, touchpoint_id, count(distinct user_id) from touchpoint_scores group by 1, 2`
    await sql`
      insert into insights (workspace_id, title, type, source, sentiment, status, via, created_at)
      select ${w}, 'Insight ' || g, 'complaint', 'support', (array['negative','neutral','positive'])[1 + g % 3], (array['new','in_review','actioned'])[1 + g % 3], 'api',
             now() - (g::float8 / ${INSIGHTS}) * interval '120 days'
      from generate_series(1, ${INSIGHTS}) g`
    await sql`insert into insight_touchpoints (workspace_id, insight_id, touchpoint_id) select workspace_id, id, 'tp-' || (1 + abs(hashtext(id::text)) % ${MAPS * PER_MAP}) from insights where workspace_id = ${w}`
    for (const t of ['touchpoints', 'placements', 'touchpoint_scores', 'touchpoint_score_stats', 'touchpoint_raters', 'insights', 'insight_touchpoints', 'map_stages', 'map_segments']) await sql.unsafe(`analyze ${t}`)
    return { workspaceId: w, mapIds, seconds: round((Date.now() - t0) / 1000, 1) }
  } finally {
    await sql.end()
  }
}

async function timeRuns(fn: () => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < 3; i++) await fn()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return { median_ms: round(median(ms))!, p95_ms: round(percentile(ms, 95))!, runs }
}

/** Two closed audits of map 1, the second after 50 renames, 50 moves and 20 owner changes. */
async function twoAudits(url: string, ctx: Awaited<ReturnType<typeof requireMembership>>, mapId: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const close = async (name: string) => {
      const state = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => readState(tx, ctx.workspaceId, mapId))
      const [c] = await sql<{ id: string }[]>`insert into audit_campaigns (workspace_id, map_id, name, status, due_at, closed_at) values (${ctx.workspaceId}, ${mapId}, ${name}, 'closed', now(), now()) returning id`
      await sql`insert into audit_snapshots (campaign_id, workspace_id, state) values (${c!.id}, ${ctx.workspaceId}, ${sql.json(state as never)})`
      return c!.id
    }
    const a = await close('Audit A')
    await sql`update touchpoints set name = name || ' (renamed)' where workspace_id = ${ctx.workspaceId} and id in (select touchpoint_id from placements where map_id = ${mapId} order by id limit 50)`
    await sql`update placements set stage_id = 's' || ((substr(stage_id, 2)::int + 1) % ${STAGES}) where map_id = ${mapId} and id in (select id from placements where map_id = ${mapId} order by id desc limit 50)`
    await sql`update touchpoints set owner_user_id = 'member-1' where workspace_id = ${ctx.workspaceId} and id in (select touchpoint_id from placements where map_id = ${mapId} order by id limit 20 offset 100)`
    const b = await close('Audit B')
    return { a, b }
  } finally {
    await sql.end()
  }
}

/**
 * A map of 1,000 cards written through its live document (the realtime
 * engine in this process), a version of it saved, then opened (versionView:
 * the version's state, the map's state now and the changes between) RUNS
 * times; p95.
 */
async function openVersion1000(ctx: Awaited<ReturnType<typeof requireMembership>>, workspaceId: string) {
  const rt = await startRealtimeServer()
  try {
    const { id: mapId } = await createMap(ctx, { name: 'Versioned map', template: 'lifecycle' })
    const doc = await withDocument(workspaceId, mapDocName(workspaceId, mapId), (d) => {
      const m = readMap(d)
      const segments = Array.from({ length: 10 }, (_, i) => addSegment(d, { name: `Segment ${i + 1}` }))
      d.transact(() => {
        for (let i = 0; i < 1000; i++) placeTouchpoint(d, { touchpointId: `tp-${1 + i}`, stageId: m.stages[i % m.stages.length]!.id, segmentId: segments[Math.floor(i / 100)]! })
      })
      return d
    })
    await projectMap(workspaceId, mapId, doc)
    const t0 = performance.now()
    const version = await saveVersion(ctx, { mapId, name: 'Bench version' })
    const saveMs = round(performance.now() - t0)!
    const open = await timeRuns(() => versionView(ctx, version.id), 15)
    return { ms: open.p95_ms, median_ms: open.median_ms, save_ms: saveMs, cards: 1000 }
  } finally {
    await rt.close()
  }
}

async function heatmapInChromium(url: string, mapId: string) {
  const mail = await startMailServer()
  const app = await startApp({ DATABASE_URL: url, SMTP_URL: mail.smtpUrl, SEED_DEMO: 'false', AUTH_SECRET: randomBytes(32).toString('base64') })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    const after = new Date()
    await page.goto('/signin')
    await page.getByLabel('Work email').fill(BENCH_EMAIL)
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()
    await page.goto(extractLink(await waitForMail(mail.apiUrl, BENCH_EMAIL, { subject: /sign-in link/, after }), '/api/auth/callback/email'))
    await page.waitForURL(/\/w\/bench/)
    const path = `/w/bench/analysis/distribution?map=${mapId}`
    const drawn: number[] = []
    const interactive: number[] = []
    for (let i = 0; i < Math.min(RUNS, 10) + 2; i++) {
      await page.goto(path, { waitUntil: 'commit' })
      await page.waitForSelector('[data-testid="heatmap"] td')
      const d = await page.evaluate(() => performance.now())
      await page.waitForSelector('[data-testid="distribution"][data-ready="true"]')
      const r = await page.evaluate(() => performance.now())
      if (i >= 2) {
        drawn.push(d)
        interactive.push(r)
      }
    }
    drawn.sort((a, b) => a - b)
    interactive.sort((a, b) => a - b)
    return { drawn_ms: round(median(drawn))!, interactive_ms: round(median(interactive))!, interactive_p95_ms: round(percentile(interactive, 95))!, runs: interactive.length }
  } finally {
    await browser.close()
    await app.stop()
    await mail.close()
  }
}

async function main() {
  const started = Date.now()
  const r = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('the build failed')
  const db = await freshDatabase('analysis')
  const handle = await openDatabase({ databaseUrl: db.url })
  installDatabase(handle)
  try {
    log('seeding')
    const s = await seed(db.url)
    log(`seeded in ${s.seconds} s`)
    const ctx = await requireMembership(person('bench-user'), { id: s.workspaceId })
    const map = s.mapIds[0]!

    log('analysis data')
    const baseline = await timeRuns(() => analysisData(ctx))
    const analysisMap = await timeRuns(() => distributionFor(ctx, { mapId: map }))
    const analysisWorkspace = await timeRuns(() => distributionFor(ctx, { mapId: null }))
    log(`baseline p95 ${baseline.p95_ms} ms, map p95 ${analysisMap.p95_ms} ms, workspace p95 ${analysisWorkspace.p95_ms} ms`)

    if (process.env.BENCH_ONLY_ANALYSIS) return
    log('what changed between two audits')
    const { a, b } = await twoAudits(db.url, ctx, map)
    const changes = (await compareAudits(ctx, a, b)).changes.length
    const diff = await timeRuns(() => compareAudits(ctx, a, b), 20)

    log('opening a campaign over 5,000 touchpoints')
    const t0 = performance.now()
    const campaign = await withoutPrintedMail(() => openCampaign(ctx, { mapId: null, name: 'Bench audit', dueAt: new Date(Date.now() + 14 * 86_400_000) }))
    const openSeconds = (performance.now() - t0) / 1000
    const counted = postgres(db.url, { max: 1, onnotice: () => {} })
    const [tasks] = await counted<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct touchpoint_id)::int as distinct from audit_tasks where campaign_id = ${campaign.id}`
    await counted.end()

    log('opening a version of a 1,000-card map')
    const versionOpen = await openVersion1000(ctx, s.workspaceId)

    log('the heatmap in Chromium')
    const heatmap = await heatmapInChromium(db.url, map)

    const result = {
      analysis_map: { ...analysisMap, ratio_to_baseline: round(analysisMap.p95_ms / baseline.p95_ms), goal_p95_ms: GOALS.analysis_map_p95_ms, met: analysisMap.p95_ms <= GOALS.analysis_map_p95_ms },
      analysis_workspace: { ...analysisWorkspace, ratio_to_baseline: round(analysisWorkspace.p95_ms / baseline.p95_ms), goal_p95_ms: GOALS.analysis_workspace_p95_ms, met: analysisWorkspace.p95_ms <= GOALS.analysis_workspace_p95_ms },
      baseline_improve_next: baseline,
      heatmap: { ...heatmap, goal_ms: GOALS.heatmap_interactive_ms, met: heatmap.interactive_ms <= GOALS.heatmap_interactive_ms },
      campaign_open_5000: { seconds: round(openSeconds)!, tasks: tasks!.n, distinct_touchpoints: tasks!.distinct, goal_seconds: GOALS.campaign_open_5000_seconds, met: openSeconds <= GOALS.campaign_open_5000_seconds && tasks!.n === 5000 && tasks!.distinct === 5000 },
      audit_diff_500: { ms: diff.p95_ms, median_ms: diff.median_ms, changes, goal_ms: GOALS.audit_diff_500_ms, met: diff.p95_ms <= GOALS.audit_diff_500_ms },
      version_open_1000: { ...versionOpen, goal_ms: GOALS.version_open_1000_ms, met: versionOpen.ms <= GOALS.version_open_1000_ms },
      data: { maps: MAPS, touchpoints: MAPS * PER_MAP, cells_per_map: STAGES * SEGMENTS, insights: INSIGHTS, scores: MAPS * PER_MAP * MEMBERS * CRITERIA.length, seed_seconds: s.seconds },
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, database: 'postgresql', seconds: Math.round((Date.now() - started) / 1000), date: new Date().toISOString() },
    }
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/analysis.json', JSON.stringify(result, null, 2) + '\n')
    const rows: [string, string, string, string][] = [
      ['analysis data, one map (p95)', `${analysisMap.p95_ms} ms`, `≤ ${GOALS.analysis_map_p95_ms} ms`, `${result.analysis_map.ratio_to_baseline}× improve-next data (${baseline.p95_ms} ms)`],
      ['analysis data, workspace (p95)', `${analysisWorkspace.p95_ms} ms`, `≤ ${GOALS.analysis_workspace_p95_ms} ms`, `${result.analysis_workspace.ratio_to_baseline}× improve-next data`],
      ['heatmap interactive (Chromium, median)', `${heatmap.interactive_ms} ms`, `≤ ${GOALS.heatmap_interactive_ms} ms`, `drawn at ${heatmap.drawn_ms} ms`],
      ['open a campaign, 5,000 touchpoints', `${round(openSeconds)} s`, `≤ ${GOALS.campaign_open_5000_seconds} s`, `${tasks!.n} tasks, ${tasks!.distinct} touchpoints`],
      ['what changed, 500-touchpoint map (p95)', `${diff.p95_ms} ms`, `≤ ${GOALS.audit_diff_500_ms} ms`, `${changes} changes`],
      ['open a version of a 1,000-card map (p95)', `${versionOpen.ms} ms`, `≤ ${GOALS.version_open_1000_ms} ms`, `saved in ${versionOpen.save_ms} ms`],
    ]
    console.log('\n| measure | result | goal | note |\n|---|---|---|---|')
    for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  } finally {
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
