/**
 * `npm run bench:maps`: the map editor and the Touchpoints page in Chromium,
 * on the built app (tests/support/app-process.ts) with a fresh database
 * (PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, else the
 * embedded PGlite) and a real SMTP server for signing in.
 *
 * Setup, through the browser's own session and the app's JSON routes:
 * workspace "Big" with 5,000 catalog touchpoints, 1,000 of them placed on a
 * map of 10 stages x 10 segments (10 cards a cell); workspace "Small" with 10
 * touchpoints, all placed on a lifecycle map of 7 stages x 1 segment (the
 * baselines). Then 5 runs of
 * each measurement; median (and p95 over runs) per metric. Prints a table,
 * writes bench/results/maps.json. Stops by itself within 10 minutes.
 *
 * BENCH_PROFILE_ONLY=1 BENCH_TRACE_DIR=/tmp/x: setup, then only the profile,
 * with full Chrome traces (load.json, drag.json) and profile.json (where the
 * time went, by trace event and JavaScript function) written to that directory.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import postgres from 'postgres'
import { startApp, type AppProcess } from '../tests/support/app-process'
import { extractLink, waitForMail } from '../tests/support/mail-client'
import { startMailServer, type MailServer } from '../tests/support/mail-server'
import { measureCatalog, measureDrag, measureEditor, profileEditor } from './maps/measure'
import { median, percentile, round, sleep } from './lib/stats'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const BIG_CATALOG = 5000
const BIG_CARDS = 1000
const SMALL = 10
const STAGES = ['Awareness', 'Knowledge', 'Consideration', 'Selection / trial', 'Satisfaction', 'Loyalty', 'Advocacy']
/** The big map: the lifecycle's 7 stages and 3 more, and 10 segments; the small map: the 7 stages and one segment. */
const BIG_SHAPE = { stages: [...STAGES, 'Renewal', 'Referral', 'Win-back'], segments: Array.from({ length: 10 }, (_, i) => `Segment ${i + 1}`) }
const SMALL_SHAPE = { stages: STAGES, segments: ['Segment 1'] }
type Shape = typeof BIG_SHAPE
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
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

async function freshDatabase(): Promise<{ env: Record<string, string | undefined>; drop: () => Promise<void>; kind: string }> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (!base) return { env: { DATABASE_URL: undefined }, drop: async () => {}, kind: 'pglite' }
  const name = `touchmap_bench_maps_${randomBytes(4).toString('hex')}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    env: { DATABASE_URL: url.toString() },
    kind: 'postgresql',
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists "${name}" with (force)`)
      await a.end()
    },
  }
}

/** fetch() inside the page: the browser's own session cookie and Origin. */
async function api<T = unknown>(page: Page, method: string, path: string, body?: string, type = 'application/json'): Promise<T> {
  const r = await page.evaluate(
    async ({ method, path, body, type }) => {
      const res = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': type }, body })
      return { status: res.status, text: await res.text() }
    },
    { method, path, body, type },
  )
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 500)}`)
  const lines = r.text.trim().split('\n')
  if (type === 'text/csv') return JSON.parse(lines[lines.length - 1]!) as T
  return JSON.parse(r.text) as T
}

async function signIn(page: Page, mail: MailServer, email: string) {
  const after = new Date()
  await page.goto('/signin')
  await page.getByLabel('Work email').fill(email)
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await page.getByRole('heading', { name: 'Check your email' }).waitFor()
  const m = await waitForMail(mail.apiUrl, email, { subject: /sign-in link/, after })
  await page.goto(extractLink(m, '/api/auth/callback/email'))
  await page.waitForURL(/\/workspaces\/new$/)
  await page.getByLabel('Workspace name').fill('Big')
  await page.getByRole('button', { name: 'Create workspace' }).click()
  await page.waitForURL(/\/w\/[^/]+\/maps$/)
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
function catalogCsv(n: number, placed: number, mapName: string, shape: Shape): string {
  const kinds = ['communication', 'human', 'physical', 'sensory']
  const rows = ['name,kind,channel,description,map,stage,segment']
  for (let i = 0; i < n; i++) {
    const p = i < placed
    // Card i: stage i mod S, segment (i div S) mod G, so each cell gets placed / (S x G) cards.
    const stage = shape.stages[i % shape.stages.length]!
    const segment = shape.segments[Math.floor(i / shape.stages.length) % shape.segments.length]!
    rows.push([`Touchpoint ${i + 1}`, kinds[i % 4]!, `Channel ${i % 12}`, `Description of touchpoint ${i + 1}, what happens there`, p ? mapName : '', p ? stage : '', p ? segment : ''].map(csvCell).join(','))
  }
  return rows.join('\n') + '\n'
}

type Ws = { id: string; slug: string; mapId: string }

/** A lifecycle map with the shape's extra stages and its segments (added and named in the editor, as a person would), then the catalog imported onto it. */
async function fillWorkspace(page: Page, ws: { id: string; slug: string }, mapName: string, catalog: number, placed: number, shape: Shape): Promise<Ws> {
  const map = await api<{ id: string }>(page, 'POST', `/api/v1/maps?workspace=${ws.id}`, JSON.stringify({ name: mapName, template: 'lifecycle' }))
  await page.goto(`/w/${ws.slug}/maps/${map.id}`)
  const add = async (button: 'Add stage' | 'Add segment', name: string) => {
    await page.getByRole('button', { name: button }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Name').fill(name)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await dialog.waitFor({ state: 'hidden' })
  }
  for (const s of shape.stages.slice(STAGES.length)) await add('Add stage', s)
  for (const g of shape.segments) await add('Add segment', g)
  const deadline = Date.now() + 30_000
  for (;;) {
    const { maps } = await api<{ maps: { id: string; segments: number; stages: number }[] }>(page, 'GET', `/api/v1/maps?workspace=${ws.id}`)
    const m = maps.find((x) => x.id === map.id)
    if (m?.segments === shape.segments.length && m.stages === shape.stages.length) break
    if (Date.now() > deadline) throw new Error('the new segment did not reach the read model')
    await sleep(250)
  }
  const t0 = Date.now()
  const res = await api<{ type: string; ok?: boolean; errors?: unknown[] }>(page, 'POST', `/api/workspaces/${ws.id}/touchpoints/import?commit=1`, catalogCsv(catalog, placed, mapName, shape), 'text/csv')
  if (res.type !== 'result' || (res.errors && res.errors.length)) throw new Error(`import failed: ${JSON.stringify(res).slice(0, 800)}`)
  log(`imported ${catalog} touchpoints (${placed} placed) into ${mapName} in ${Date.now() - t0} ms`)
  await page.goto(`/w/${ws.slug}/maps/${map.id}`)
  await page.waitForFunction((n) => document.querySelectorAll('[aria-roledescription="card"][data-placement]').length === n, placed, { timeout: 60_000, polling: 500 })
  return { ...ws, mapId: map.id }
}

const stat = (xs: number[]) => ({ median: round(median(xs)), p95: round(percentile([...xs].sort((a, b) => a - b), 95)), runs: xs.map((x) => round(x)) })

async function main() {
  const started = Date.now()
  let app: AppProcess | undefined
  let mail: MailServer | undefined
  let browser: Browser | undefined
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined
  const cleanup = async () => {
    await browser?.close().catch(() => {})
    await app?.stop().catch(() => {})
    await mail?.close().catch(() => {})
    await db?.drop().catch(() => {})
  }
  const watchdog = setTimeout(() => {
    log('the benchmark ran for 9.5 minutes: stopping')
    void cleanup().finally(() => process.exit(2))
  }, 570_000)
  try {
    log('build if needed')
    build()
    db = await freshDatabase()
    mail = await startMailServer()
    app = await startApp({ SMTP_URL: mail.smtpUrl, SEED_DEMO: 'false', ...db.env })
    log(`app on ${app.url} (${db.kind})`)
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1440, height: 900 } })
    // tsx (esbuild keepNames) wraps functions passed to page.evaluate in __name(...): give pages a no-op one.
    await ctx.addInitScript('globalThis.__name = (f) => f')
    const page = await ctx.newPage()
    await signIn(page, mail, `bench-${randomBytes(3).toString('hex')}@bench.test`)
    const slug = new URL(page.url()).pathname.split('/')[2]!
    const { workspaces } = await api<{ workspaces: { id: string; slug: string }[] }>(page, 'GET', '/api/workspaces')
    const bigWs = workspaces.find((w) => w.slug === slug)!
    const smallWsRaw = await api<{ id: string; slug: string }>(page, 'POST', '/api/workspaces', JSON.stringify({ name: 'Small' }))
    const small = await fillWorkspace(page, smallWsRaw, 'Small map', SMALL, SMALL, SMALL_SHAPE)
    const big = await fillWorkspace(page, bigWs, 'Big map', BIG_CATALOG, BIG_CARDS, BIG_SHAPE)
    log(`setup done in ${Math.round((Date.now() - started) / 1000)} s`)
    if (process.env.BENCH_PROFILE_ONLY) {
      // Only the profile (for finding where time goes): nothing is written to bench/results.
      const dir = process.env.BENCH_TRACE_DIR ?? 'bench/results'
      mkdirSync(dir, { recursive: true })
      const profile = await profileEditor(ctx, `/w/${big.slug}/maps/${big.mapId}`, BIG_CARDS)
      writeFileSync(path.join(dir, 'profile.json'), JSON.stringify(profile, null, 2) + '\n')
      // And what the editor looks like: loaded, scrolled, and in the middle of a mouse drag.
      const shot = await ctx.newPage()
      await shot.goto(`/w/${big.slug}/maps/${big.mapId}`)
      await shot.locator('[data-testid="map-grid"][data-catalog="ready"]').waitFor({ timeout: 60_000 })
      await shot.screenshot({ path: path.join(dir, 'editor.png') })
      await shot.locator('[data-testid="map-grid"]').evaluate((el) => el.scrollBy(0, 3000))
      await sleep(300)
      await shot.screenshot({ path: path.join(dir, 'editor-scrolled.png') })
      await shot.locator('[data-testid="map-grid"]').evaluate((el) => el.scrollTo(0, 0))
      await sleep(300)
      const lists = shot.locator('[data-testid="map-grid"] [role="list"]')
      const dragged = lists.nth(0).locator('[data-placement]').nth(3)
      const name = await dragged.innerText()
      const from = (await dragged.boundingBox())!
      const before = (await lists.nth(2).locator('[data-placement]').nth(4).boundingBox())!
      await shot.mouse.move(from.x + 20, from.y + 10)
      await shot.mouse.down()
      const to = { x: before.x + 40, y: before.y + 5 }
      for (let i = 1; i <= 20; i++) {
        await shot.mouse.move(from.x + 20 + ((to.x - from.x - 20) * i) / 20, from.y + 10 + ((to.y - from.y - 10) * i) / 20)
        await sleep(20)
      }
      await sleep(200)
      await shot.screenshot({ path: path.join(dir, 'editor-dragging.png') })
      await shot.mouse.up()
      await sleep(500)
      const landed = await lists.nth(2).locator('[data-placement]').nth(4).innerText()
      log(`dropped ${JSON.stringify(name)} above the 5th card of the 3rd cell: the 5th card there is now ${JSON.stringify(landed)}`)
      await shot.close()
      log(`profile written to ${path.join(dir, 'profile.json')}`)
      return
    }

    const m: Record<string, number[]> = { e1000: [], e10: [], d1000: [], d10: [], c5000: [], c10: [] }
    const extra: Record<string, unknown[]> = { e1000: [], e10: [], d1000: [], d10: [], c5000: [], c10: [] }
    for (let run = 0; run < RUNS; run++) {
      log(`run ${run + 1}/${RUNS}`)
      for (const [key, ws, n] of (run % 2 ? [['e10', small, SMALL], ['e1000', big, BIG_CARDS]] : [['e1000', big, BIG_CARDS], ['e10', small, SMALL]]) as [string, Ws, number][]) {
        const r = await measureEditor(ctx, `/w/${ws.slug}/maps/${ws.mapId}`, n)
        m[key]!.push(r.interactive_ms)
        extra[key]!.push(r)
      }
      for (const [key, ws] of [['d1000', big], ['d10', small]] as [string, Ws][]) {
        const r = await measureDrag(ctx, `/w/${ws.slug}/maps/${ws.mapId}`, key === 'd1000' ? BIG_CARDS : SMALL)
        m[key]!.push(r.p95)
        extra[key]!.push(r)
      }
      for (const [key, ws, n] of (run % 2 ? [['c10', small, SMALL], ['c5000', big, BIG_CATALOG]] : [['c5000', big, BIG_CATALOG], ['c10', small, SMALL]]) as [string, Ws, number][]) {
        const r = await measureCatalog(ctx, `/w/${ws.slug}/touchpoints`, n)
        m[key]!.push(r.first_render_ms)
        extra[key]!.push(r)
      }
    }
    log('profile: one more 1,000-card editor load and drag with long-animation-frame attribution')
    const profile = await profileEditor(ctx, `/w/${big.slug}/maps/${big.mapId}`, BIG_CARDS)

    const e1000 = stat(m.e1000!)
    const e10 = stat(m.e10!)
    const d1000 = stat(m.d1000!)
    const d10 = stat(m.d10!)
    const c5000 = stat(m.c5000!)
    const c10 = stat(m.c10!)
    const ratio = (a: number | null, b: number | null) => (a !== null && b ? round(a / b) : null)
    const catalogReady = (key: string) => stat((extra[key] as { catalog_ready_ms: number }[]).map((x) => x.catalog_ready_ms))
    // Frames longer than one vsync (+1 ms) while dragging: 16.7 and 16.8 ms are both one 60 Hz frame (timestamps are rounded to 0.1 ms).
    const longFrames = (key: string) => stat((extra[key] as { over_16_7: number }[]).map((x) => x.over_16_7))
    const lf1000 = longFrames('d1000')
    const lf10 = longFrames('d10')
    const cr1000 = catalogReady('e1000')
    const cr10 = catalogReady('e10')
    const ofLoads = (key: string, field: 'first_card_ms' | 'longest_task_ms' | 'dom_nodes') => stat((extra[key] as Record<string, number>[]).map((x) => x[field]!))
    const fc1000 = ofLoads('e1000', 'first_card_ms')
    const fc10 = ofLoads('e10', 'first_card_ms')
    const lt1000 = ofLoads('e1000', 'longest_task_ms')
    const lt10 = ofLoads('e10', 'longest_task_ms')
    const dom1000 = ofLoads('e1000', 'dom_nodes')
    const dom10 = ofLoads('e10', 'dom_nodes')
    const results = {
      editor_1000: {
        first_card_ms: fc1000.median,
        first_card_p95_ms: fc1000.p95,
        longest_task_ms: lt1000.median,
        longest_task_p95_ms: lt1000.p95,
        dom_nodes: dom1000.median,
        goals: { first_card_ms: 800, catalog_ready_ms: 1200, longest_task_ms: 100 },
        interactive_ms: e1000.median,
        interactive_p95_ms: e1000.p95,
        interactive_ratio: ratio(e1000.median, e10.median),
        catalog_ready_ms: cr1000.median,
        catalog_ready_p95_ms: cr1000.p95,
        drag_frame_p95_ms: d1000.median,
        drag_frame_p95_p95_ms: d1000.p95,
        drag_ratio: ratio(d1000.median, d10.median),
        drag_long_frames: lf1000.median,
        drag_long_frames_runs: lf1000.runs,
        ratio: { interactive: ratio(e1000.median, e10.median), drag_frame_p95: ratio(d1000.median, d10.median) },
        interactive_runs: e1000.runs,
        drag_frame_p95_runs: d1000.runs,
        detail: { load: extra.e1000, drag: extra.d1000 },
      },
      editor_10: { first_card_ms: fc10.median, longest_task_ms: lt10.median, dom_nodes: dom10.median, interactive_ms: e10.median, interactive_p95_ms: e10.p95, catalog_ready_ms: cr10.median, drag_frame_p95_ms: d10.median, drag_frame_p95_p95_ms: d10.p95, drag_long_frames: lf10.median, interactive_runs: e10.runs, drag_frame_p95_runs: d10.runs, detail: { load: extra.e10, drag: extra.d10 } },
      catalog_5000: { first_render_ms: c5000.median, first_render_p95_ms: c5000.p95, ratio: ratio(c5000.median, c10.median), runs: c5000.runs, detail: extra.c5000 },
      catalog_10: { first_render_ms: c10.median, first_render_p95_ms: c10.p95, runs: c10.runs, detail: extra.c10 },
      profile_editor_1000: profile,
      definitions: {
        interactive_ms:
          'performance.now() (from navigation start) at the first animation frame where the grid holds all N cards ([aria-roledescription=card][data-placement]), a card takes keyboard focus, and then one more frame is painted (the main thread is free for input); median of runs. The grid is drawn only once the live map document has synced (cards can be moved then), with the cards\' faces (name, kind, owner) from the read model until the catalog document has synced too (see catalog_ready_ms); before 2026-11-26 it waited for both documents',
        first_card_ms: 'performance.now() (from navigation start) at the first animation frame where a card is in the page: of the first view the server renders from the read model (since 2026-12-03; [data-preview-card]) or of the live grid; median of runs',
        longest_task_ms: 'the longest main-thread task (PerformanceObserver "longtask", tasks over 50 ms; 0 when none) from navigation start to one second after the catalog is ready; median over runs of the per-run longest',
        dom_nodes: 'elements in the document one second after the catalog is ready; median of runs',
        drag_long_frames: 'frames longer than one 60 Hz frame plus 1 ms (> 17.7 ms) while dragging, per run (of about 68 frames); median of runs',
        catalog_ready_ms:
          'performance.now() at the first animation frame where the editor marks its catalog document synced (data-catalog=ready on the grid: details can be opened and edited, touchpoints added); the editor connects the catalog once the map is on screen, so this comes after interactive_ms; median of runs',
        drag_frame_p95_ms: 'p95 of requestAnimationFrame deltas while a card is dragged by mouse (native drag and drop), on the fully loaded editor (catalog synced), across 6 cells in ~60 moves over ~1 s; median over runs of the per-run p95. A 60 Hz display gives 16.7 ms frames, so the goal counts as met at <= 16.7',
        first_render_ms: 'performance.now() (from navigation start) at the first animation frame where the Touchpoints table shows its first data rows (min(N, 10) role=row below the header); median of runs',
        setup_tab: 'the tab that set the workspaces up stays on the 1,000-card map during the measurements (as a second person would), which keeps both documents loaded on the server: the editor figures are for warm documents',
        baselines: 'editor_10 and catalog_10: a second workspace with 10 touchpoints, all placed on one lifecycle map (7 stages x 1 segment); the 1,000-card map is in the 5,000-touchpoint workspace (10 stages x 10 segments, 10 cards a cell; until 2026-12-03 it was 7 stages x 1 segment)',
      },
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, database: db.kind, runs: RUNS, chromium: browser.version(), seconds: Math.round((Date.now() - started) / 1000), date: new Date().toISOString() },
    }
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/maps.json', JSON.stringify(results, null, 2) + '\n')

    const goal = (v: number | null, max: number) => (v !== null && v <= max ? 'met' : 'MISSED')
    const rows: string[][] = [
      ['editor first card (ms), 1,000 vs 10 cards', `${fc1000.median} (p95 ${fc1000.p95})`, `${fc10.median} (p95 ${fc10.p95})`, `${ratio(fc1000.median, fc10.median)}`, `<= 800: ${goal(fc1000.median, 800)}`],
      ['editor interactive (ms), 1,000 vs 10 cards', `${e1000.median} (p95 ${e1000.p95})`, `${e10.median} (p95 ${e10.p95})`, `${results.editor_1000.interactive_ratio}`, `<= 1500: ${goal(e1000.median, 1500)}`],
      ['editor catalog ready (ms), 1,000 vs 10 cards', `${cr1000.median} (p95 ${cr1000.p95})`, `${cr10.median} (p95 ${cr10.p95})`, `${ratio(cr1000.median, cr10.median)}`, `<= 1200: ${goal(cr1000.median, 1200)}`],
      ['editor longest load task (ms), 1,000 vs 10 cards', `${lt1000.median} (p95 ${lt1000.p95})`, `${lt10.median} (p95 ${lt10.p95})`, `${ratio(lt1000.median, lt10.median)}`, `<= 100: ${goal(lt1000.median, 100)}`],
      ['editor DOM elements, 1,000 vs 10 cards', `${dom1000.median}`, `${dom10.median}`, `${ratio(dom1000.median, dom10.median)}`, 'no goal'],
      ['drag frame p95 (ms), 1,000 vs 10 cards', `${d1000.median} (p95 ${d1000.p95})`, `${d10.median} (p95 ${d10.p95})`, `${results.editor_1000.drag_ratio}`, `<= 16 (one 60 Hz frame): ${goal(d1000.median, 16.7)}`],
      ['drag frames longer than one frame (> 17.7 ms), per run', `${lf1000.median} (max ${Math.max(...(lf1000.runs as number[]))})`, `${lf10.median} (max ${Math.max(...(lf10.runs as number[]))})`, '', 'none wanted'],
      ['Touchpoints first render (ms), 5,000 vs 10', `${c5000.median} (p95 ${c5000.p95})`, `${c10.median} (p95 ${c10.p95})`, `${results.catalog_5000.ratio}`, `<= 1000: ${goal(c5000.median, 1000)}`],
    ]
    const header = ['metric', 'big (median)', 'baseline (median)', 'ratio', 'goal']
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |'
    console.log([line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n'))
    console.log(`\n${RUNS} runs, Chromium ${browser.version()}, ${db.kind}; ${results.machine.seconds} s; bench/results/maps.json written`)
  } finally {
    clearTimeout(watchdog)
    await cleanup()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err)
    process.exit(1)
  },
)
