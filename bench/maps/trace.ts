/**
 * Summaries of a Chrome trace taken with V8's CPU sampler on
 * (`disabled-by-default-v8.cpu_profiler`): where the main thread's time went,
 * by trace event and by JavaScript function (self and total time), and the
 * long tasks with their start. Used by `BENCH_TRACE_DIR=... npm run bench:maps`.
 */
export type TraceEvent = { name: string; ph: string; ts?: number; dur?: number; pid?: number; tid: number; id?: string; args?: Record<string, unknown> }

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number }
type Node = { id: number; callFrame: CallFrame; parent?: number }

const r1 = (x: number) => Math.round(x * 10) / 10

export function summariseTrace(events: TraceEvent[], top = 25) {
  // The renderer's main thread: the thread with the most RunTask time that also ran script.
  const busy = new Map<string, number>()
  for (const e of events) if (e.ph === 'X' && e.dur && e.name === 'RunTask') busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur)
  const scriptThreads = new Set(events.filter((e) => e.name === 'FunctionCall' || e.name === 'EvaluateScript').map((e) => `${e.pid}:${e.tid}`))
  const main = [...busy.entries()].filter(([k]) => scriptThreads.has(k)).sort((a, b) => b[1] - a[1])[0]?.[0]
  const onMain = (e: TraceEvent) => `${e.pid}:${e.tid}` === main
  const nav = events.find((e) => e.name === 'navigationStart' && onMain(e))?.ts ?? events.find((e) => onMain(e) && e.ts)?.ts ?? 0

  const byName = new Map<string, number>()
  const longTasks: { at_ms: number; ms: number }[] = []
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || !onMain(e)) continue
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000)
    if (e.name === 'RunTask' && e.dur > 50_000) longTasks.push({ at_ms: r1(((e.ts ?? 0) - nav) / 1000), ms: r1(e.dur / 1000) })
  }

  // CPU samples: ProfileChunk events carry nodes and samples per profile id.
  const nodes = new Map<string, Map<number, Node>>()
  const samples: { profile: string; node: number; dt: number }[] = []
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue
    const key = `${e.pid}:${e.id}`
    const data = (e.args?.data ?? {}) as { cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[] }
    const m = nodes.get(key) ?? new Map<number, Node>()
    nodes.set(key, m)
    for (const n of data.cpuProfile?.nodes ?? []) m.set(n.id, n)
    const s = data.cpuProfile?.samples ?? []
    const d = data.timeDeltas ?? []
    s.forEach((id, i) => samples.push({ profile: key, node: id, dt: (d[i + 1] ?? d[i] ?? 0) / 1000 }))
  }
  const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim()
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  for (const s of samples) {
    const m = nodes.get(s.profile)
    let n = m?.get(s.node)
    if (!n) continue
    const name = label(n.callFrame)
    if (name === '(idle)') continue
    self.set(name, (self.get(name) ?? 0) + s.dt)
    const seen = new Set<string>()
    while (n) {
      const l = label(n.callFrame)
      if (!seen.has(l)) {
        seen.add(l)
        total.set(l, (total.get(l) ?? 0) + s.dt)
      }
      n = n.parent !== undefined ? m!.get(n.parent) : undefined
    }
  }
  const topOf = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: r1(ms) }))
  return { events: topOf(byName), long_tasks: longTasks, js_self: topOf(self), js_total: topOf(total) }
}
