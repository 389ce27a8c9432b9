/** The in-browser measurements of `npm run bench:maps` (bench/maps.ts). */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { percentile, round, sleep } from '../lib/stats'
import { summariseTrace, type TraceEvent } from './trace'

const CARD = '[aria-roledescription="card"][data-placement]'

/** Polls in the page on every animation frame until `ready` holds, then waits one more painted frame; returns performance.now() (ms since navigation start). */
async function untilReady(page: Page, kind: 'editor' | 'catalog', n: number, timeout = 60_000) {
  return page.evaluate(
    async ({ kind, n, timeout, CARD }) => {
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r))
      const longTasks: number[] = []
      try {
        new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true })
      } catch {
        /* unsupported */
      }
      let firstCard: number | null = null
      for (;;) {
        if (performance.now() > timeout) throw new Error(`${kind} not ready after ${timeout} ms`)
        if (kind === 'editor') {
          const cards = document.querySelectorAll<HTMLElement>(CARD)
          // The first card on screen: of the server-rendered first view, or of the live grid.
          if (firstCard === null && (cards.length || document.querySelector('[data-preview-card]'))) firstCard = performance.now()
          if (cards.length === n) {
            const c = cards[cards.length - 1]!
            c.focus({ preventScroll: true })
            if (document.activeElement === c) break
          }
        } else {
          const rows = [...document.querySelectorAll('[role="table"] [role="row"]')].filter((r) => r.getAttribute('aria-rowindex') !== '1')
          if (rows.length >= Math.min(n, 10)) break
        }
        await frame()
      }
      await frame()
      const at = performance.now()
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      return {
        at,
        first_card_ms: firstCard,
        response_end_ms: nav?.responseEnd ?? null,
        dom_content_loaded_ms: nav?.domContentLoadedEventEnd ?? null,
        long_tasks: longTasks.length,
        long_tasks_ms: longTasks.reduce((a, b) => a + b, 0),
        longest_task_ms: longTasks.length ? Math.max(...longTasks) : 0,
        html_kb: nav ? nav.transferSize / 1024 : null,
      }
    },
    { kind, n, timeout, CARD },
  )
}

/** performance.now() at the first animation frame where the editor says its catalog document has synced (touchpoint details can be opened and edited, touchpoints added). */
async function untilCatalog(page: Page, timeout = 60_000) {
  return page.evaluate(async (timeout) => {
    for (;;) {
      if (document.querySelector('[data-testid="map-grid"][data-catalog="ready"]')) return performance.now()
      if (performance.now() > timeout) throw new Error(`catalog not ready after ${timeout} ms`)
      await new Promise((r) => requestAnimationFrame(r))
    }
  }, timeout)
}

export async function measureEditor(ctx: BrowserContext, url: string, n: number) {
  const page = await ctx.newPage()
  try {
    await page.goto(url, { waitUntil: 'commit' })
    const r = await untilReady(page, 'editor', n)
    const catalog = await untilCatalog(page)
    // Long tasks up to one second after the catalog is ready count too (applying it is part of loading).
    await sleep(1000)
    const after = await page.evaluate(() =>
      new Promise<{ longest: number; count: number; total: number; nodes: number }>((resolve) => {
        const all: number[] = []
        new PerformanceObserver((l) => l.getEntries().forEach((e) => all.push(e.duration))).observe({ type: 'longtask', buffered: true })
        setTimeout(() => resolve({ longest: all.length ? Math.max(...all) : 0, count: all.length, total: all.reduce((a, b) => a + b, 0), nodes: document.getElementsByTagName('*').length }), 50)
      }),
    )
    return {
      interactive_ms: r.at,
      first_card_ms: round(r.first_card_ms ?? NaN),
      catalog_ready_ms: round(catalog),
      response_end_ms: round(r.response_end_ms ?? NaN),
      dcl_ms: round(r.dom_content_loaded_ms ?? NaN),
      long_tasks: after.count,
      long_tasks_ms: round(after.total),
      longest_task_ms: round(after.longest),
      dom_nodes: after.nodes,
      html_kb: round(r.html_kb ?? NaN),
    }
  } finally {
    await page.close()
  }
}

export async function measureCatalog(ctx: BrowserContext, url: string, n: number) {
  const page = await ctx.newPage()
  try {
    await page.goto(url, { waitUntil: 'commit' })
    const r = await untilReady(page, 'catalog', n)
    return { first_render_ms: r.at, response_end_ms: round(r.response_end_ms ?? NaN), dcl_ms: round(r.dom_content_loaded_ms ?? NaN), long_tasks: r.long_tasks, long_tasks_ms: round(r.long_tasks_ms), html_kb: round(r.html_kb ?? NaN) }
  } finally {
    await page.close()
  }
}

/** Drags the first card of the first cell by mouse across the row's cells (~60 moves over ~1 s) and drops it in the last; rAF deltas meanwhile. */
async function drag(page: Page) {
  const card = page.locator(CARD).first()
  const from = (await card.boundingBox())!
  const cells = page.locator('[data-testid="map-grid"] [role="list"]')
  const count = await cells.count()
  const target = (await cells.nth(Math.min(count - 1, 6)).boundingBox())!
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean }
    w.__frames = []
    w.__stop = false
    let last = performance.now()
    const tick = (t: number) => {
      w.__frames.push(t - last)
      last = t
      if (!w.__stop) requestAnimationFrame(tick)
    }
    requestAnimationFrame((t) => {
      last = t
      requestAnimationFrame(tick)
    })
  })
  const x0 = from.x + from.width / 2
  const y0 = from.y + Math.min(from.height / 2, 12)
  const x1 = target.x + target.width / 2
  const y1 = target.y + 8
  await page.mouse.move(x0, y0)
  await page.mouse.down()
  const steps = 60
  const t0 = Date.now()
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps + (i % 2 ? 3 : -3))
    const due = t0 + (1000 * i) / steps
    if (Date.now() < due) await sleep(due - Date.now())
  }
  await page.mouse.up()
  await sleep(100)
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean }
    w.__stop = true
    return w.__frames
  })
  return { frames, seconds: (Date.now() - t0) / 1000 }
}

export async function measureDrag(ctx: BrowserContext, url: string, n: number) {
  const page = await ctx.newPage()
  try {
    await page.goto(url)
    await page.waitForFunction(({ n, CARD }) => document.querySelectorAll(CARD).length === n, { n, CARD }, { timeout: 60_000 })
    // Dragging is measured on the fully loaded editor (the catalog document too, as before it showed anything).
    await untilCatalog(page)
    await sleep(500)
    const { frames, seconds } = await drag(page)
    const s = [...frames].sort((a, b) => a - b)
    return { p95: percentile(s, 95), p50: round(percentile(s, 50)), max: round(s[s.length - 1] ?? NaN), frames: s.length, over_16_7: s.filter((x) => x > 16.7 + 1).length, seconds: round(seconds) }
  } finally {
    await page.close()
  }
}

type Loaf = { duration: number; blockingDuration: number; renderStart: number; styleAndLayoutStart: number; startTime: number; scripts: { invoker: string; sourceURL: string; sourceFunctionName: string; duration: number; forcedStyleAndLayoutDuration: number }[] }

/** Where the 1,000-card editor's time goes: Chromium's own counters (CDP Performance.getMetrics) and long animation frames with script attribution, for a load and a drag. */
export async function profileEditor(ctx: BrowserContext, url: string, n: number) {
  const page = await ctx.newPage()
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('Performance.enable')
  const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]))
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount', 'Nodes', 'JSHeapUsedSize'].map((k) => [k, round(k.endsWith('Duration') ? ((b[k] ?? 0) - (a[k] ?? 0)) * 1000 : (b[k] ?? 0) - (k === 'Nodes' || k === 'JSHeapUsedSize' ? 0 : (a[k] ?? 0)))]))
  const loafs = () =>
    page.evaluate(() => {
      const w = window as unknown as { __loafs?: Loaf[] }
      const out = w.__loafs ?? []
      w.__loafs = []
      return out
    })
  const summarise = (ls: Loaf[]) => {
    const byScript = new Map<string, { ms: number; forced_layout_ms: number; n: number }>()
    for (const l of ls)
      for (const s of l.scripts) {
        const k = `${s.invoker} ${s.sourceFunctionName || '?'} ${s.sourceURL.split('/').pop()}`
        const e = byScript.get(k) ?? { ms: 0, forced_layout_ms: 0, n: 0 }
        e.ms += s.duration
        e.forced_layout_ms += s.forcedStyleAndLayoutDuration
        e.n++
        byScript.set(k, e)
      }
    return {
      frames: ls.length,
      total_ms: round(ls.reduce((a, l) => a + l.duration, 0)),
      blocking_ms: round(ls.reduce((a, l) => a + l.blockingDuration, 0)),
      script_ms: round(ls.reduce((a, l) => a + l.scripts.reduce((x, s) => x + s.duration, 0), 0)),
      render_ms: round(ls.reduce((a, l) => a + (l.renderStart ? l.startTime + l.duration - l.renderStart : 0), 0)),
      style_layout_ms: round(ls.reduce((a, l) => a + (l.styleAndLayoutStart ? l.startTime + l.duration - l.styleAndLayoutStart : 0), 0)),
      top_scripts: [...byScript.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 8)
        .map(([k, v]) => ({ script: k, ms: round(v.ms), forced_layout_ms: round(v.forced_layout_ms), n: v.n })),
    }
  }
  try {
    await page.addInitScript(() => {
      const w = window as unknown as { __loafs: unknown[] }
      w.__loafs = []
      try {
        new PerformanceObserver((l) =>
          l.getEntries().forEach((e) => {
            const x = e as unknown as Loaf
            w.__loafs.push({ duration: x.duration, blockingDuration: x.blockingDuration, renderStart: x.renderStart, styleAndLayoutStart: x.styleAndLayoutStart, startTime: x.startTime, scripts: (x.scripts ?? []).map((s) => ({ invoker: s.invoker, sourceURL: s.sourceURL, sourceFunctionName: s.sourceFunctionName, duration: s.duration, forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration })) })
          }),
        ).observe({ type: 'long-animation-frame', buffered: true })
      } catch {
        /* unsupported */
      }
    })
    const browser = ctx.browser()!
    // BENCH_TRACE_DIR: also keep full Chrome traces (with V8 CPU samples) of the load and the drag, and summarise them by function.
    const traceDir = process.env.BENCH_TRACE_DIR
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...(traceDir ? ['v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'] : [])]
    const m0 = await metrics()
    if (traceDir) await browser.startTracing(page, { categories })
    await page.goto(url, { waitUntil: 'commit' })
    const ready = await untilReady(page, 'editor', n)
    let loadTrace: ReturnType<typeof summariseTrace> | undefined
    if (traceDir) {
      const buf = await browser.stopTracing()
      writeFileSync(path.join(traceDir, 'load.json'), buf)
      loadTrace = summariseTrace((JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents)
    }
    const m1 = await metrics()
    const catalogAt = await untilCatalog(page)
    const load = { interactive_ms: round(ready.at), catalog_ready_ms: round(catalogAt), first_card_ms: round(ready.first_card_ms ?? NaN), response_end_ms: round(ready.response_end_ms ?? NaN), chromium: delta(m0, m1), long_animation_frames: summarise(await loafs()), ...(loadTrace ? { trace: loadTrace } : {}) }
    await sleep(500)
    await loafs()
    const m2 = await metrics()
    await browser.startTracing(page, { categories })
    const d = await drag(page)
    const dragBuf = await browser.stopTracing()
    if (traceDir) writeFileSync(path.join(traceDir, 'drag.json'), dragBuf)
    const trace = JSON.parse(dragBuf.toString('utf8')) as { traceEvents: TraceEvent[] }
    const m3 = await metrics()
    const byName = new Map<string, number>()
    for (const e of trace.traceEvents) if (e.ph === 'X' && e.dur) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000)
    const trace_top = [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, ms]) => ({ name, ms: round(ms) }))
    const s = [...d.frames].sort((a, b) => a - b)
    const dragging = { p95: round(percentile(s, 95)), max: round(s[s.length - 1] ?? NaN), chromium: delta(m2, m3), long_animation_frames: summarise(await loafs()), trace_top, ...(traceDir ? { trace: summariseTrace(trace.traceEvents) } : {}) }
    return { load, drag: dragging }
  } finally {
    await page.close()
  }
}
