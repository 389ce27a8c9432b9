/**
 * The printable analysis report of one map, as a PDF: the heatmap (shaded
 * cells, gaps hatched by colour and named), the balance of touchpoints
 * against the stage weights, the over- and under-used findings in words,
 * coverage (owners, departments, data), the mix per stage and insight
 * pressure. A4 portrait, laid out as boxes and text and written by the map
 * export's PDF writer (lib/exports/pdf.ts: standard Helvetica, nothing
 * embedded). The words come from the caller (the route translates them).
 */
import { wrapText } from '@/lib/exports/helvetica'
import type { Op, Page, Rgb } from '@/lib/exports/grid-layout'
import { pagesToPdf } from '@/lib/exports/pdf'
import { shadeOf, type Distribution } from './distribution'

export type ReportText = {
  title: string
  subtitle: string
  sections: { heatmap: string; balance: string; over: string; under: string; coverage: string; mix: string; pressure: string }
  heatmapLead: string
  segment: string
  gap: string
  stageColumns: string[]
  mixColumns: string[]
  pressureColumns: string[]
  loadColumns: string[]
  unowned: string
  noData: string
  notPassedOn: string
  owners: string
  departments: string
  none: string
  /** Each finding, in words (same order as distribution's lists). */
  over: string[]
  under: string[]
  pressureRows: string[][]
  mixRows: string[][]
  stageRows: string[][]
  ownerRows: string[][]
  departmentRows: string[][]
}

const W = 595.28
const H = 841.89
const M = 40
const INK: Rgb = [0.06, 0.09, 0.16]
const MUTED: Rgb = [0.28, 0.33, 0.41]
const LINE: Rgb = [0.89, 0.91, 0.94]
const SHADES: Rgb[] = [
  [0.93, 0.95, 1],
  [0.78, 0.82, 0.99],
  [0.65, 0.71, 0.99],
  [0.31, 0.27, 0.9],
  [0.19, 0.18, 0.51],
]
const GAP: Rgb = [1, 0.84, 0.67]

class Flow {
  pages: Page[] = []
  private page!: Page
  y = 0
  constructor() {
    this.newPage()
  }
  get ops(): Op[] {
    return this.page.ops
  }
  newPage() {
    this.page = { width: W, height: H, ops: [] }
    this.pages.push(this.page)
    this.y = M
  }
  need(h: number) {
    if (this.y + h > H - M) this.newPage()
  }
  text(x: number, text: string, size: number, opts: { bold?: boolean; color?: Rgb } = {}) {
    this.ops.push({ t: 'text', x, y: this.y + size, text, size, bold: opts.bold, color: opts.color ?? INK })
  }
  para(text: string, size = 9.5, opts: { bold?: boolean; color?: Rgb; indent?: number } = {}) {
    const x = M + (opts.indent ?? 0)
    for (const line of wrapText(text, W - M - x, size, opts.bold)) {
      this.need(size * 1.4)
      this.text(x, line, size, opts)
      this.y += size * 1.4
    }
  }
  heading(text: string) {
    this.need(40)
    this.y += 10
    this.text(M, text, 13, { bold: true })
    this.y += 20
  }
  /** A table: header row, then rows; column widths in proportion to `weights`; long cells cut to one line. */
  table(columns: string[], rows: string[][], weights?: number[]) {
    const ws = weights ?? columns.map(() => 1)
    const total = ws.reduce((a, b) => a + b, 0)
    const widths = ws.map((w) => ((W - 2 * M) * w) / total)
    const row = (cells: string[], bold: boolean) => {
      this.need(16)
      let x = M
      cells.forEach((c, i) => {
        const line = wrapText(c, widths[i]! - 6, 8, bold, 1)[0] ?? ''
        this.text(x + 2, line, 8, { bold, color: bold ? MUTED : INK })
        x += widths[i]!
      })
      this.y += 13
      this.ops.push({ t: 'rect', x: M, y: this.y - 1, w: W - 2 * M, h: 0.5, fill: LINE })
    }
    row(columns, true)
    for (const r of rows) row(r, false)
    this.y += 6
  }
}

function heatmap(f: Flow, d: Distribution, text: ReportText) {
  const h = d.heatmap!
  const first = 110
  const col = Math.max(36, (W - 2 * M - first) / Math.max(1, h.stages.length))
  const rowH = 22
  f.need(40 + rowH * (h.segments.length + 1))
  // Stage names (two lines at most) and weights.
  const top = f.y
  h.stages.forEach((s, i) => {
    const x = M + first + i * col
    wrapText(s.name, col - 4, 7.5, true, 2).forEach((line, j) => f.ops.push({ t: 'text', x: x + 2, y: top + 8 + j * 9, text: line, size: 7.5, bold: true, color: INK }))
    f.ops.push({ t: 'text', x: x + 2, y: top + 28, text: `${s.weight}/5`, size: 7, color: MUTED })
  })
  f.y = top + 34
  h.segments.forEach((g, r) => {
    const y = f.y + r * rowH
    wrapText(g.name, first - 6, 8, false, 1).forEach((line) => f.ops.push({ t: 'text', x: M, y: y + 14, text: line, size: 8, color: INK }))
    h.stages.forEach((s, i) => {
      const c = s.cells[r]!
      const shade = shadeOf(c.count, h.max, SHADES.length)
      const x = M + first + i * col
      f.ops.push({ t: 'rect', x: x + 1, y: y + 1, w: col - 2, h: rowH - 2, fill: c.gap ? GAP : SHADES[shade]! })
      const label = c.gap ? text.gap : String(c.count)
      f.ops.push({ t: 'text', x: x + 4, y: y + 14, text: label, size: 8, bold: c.gap, color: !c.gap && shade >= 3 ? [1, 1, 1] : INK })
    })
  })
  f.y += h.segments.length * rowH + 8
}

export function analysisReportPdf(d: Distribution, text: ReportText, created = new Date()): Uint8Array {
  const f = new Flow()
  f.text(M, text.title, 18, { bold: true })
  f.y += 26
  f.para(text.subtitle, 9, { color: MUTED })

  if (d.heatmap) {
    f.heading(text.sections.heatmap)
    f.para(text.heatmapLead, 8.5, { color: MUTED })
    f.y += 4
    heatmap(f, d, text)
    f.heading(text.sections.balance)
    f.table(text.stageColumns, text.stageRows, [2.6, 0.8, 1.2, 1.6, 1.6, 0.8])
  }
  f.heading(text.sections.over)
  if (text.over.length) for (const line of text.over) f.para(`• ${line}`)
  else f.para(text.none, 9, { color: MUTED })
  f.heading(text.sections.under)
  if (text.under.length) for (const line of text.under) f.para(`• ${line}`)
  else f.para(text.none, 9, { color: MUTED })

  f.heading(text.sections.coverage)
  const names = (label: string, list: { name: string }[]) => {
    f.para(label, 9.5, { bold: true })
    f.para(list.length ? list.map((x) => x.name).join(', ') : text.none, 9, { color: list.length ? INK : MUTED, indent: 8 })
    f.y += 4
  }
  names(text.unowned, d.coverage.unowned)
  names(text.noData, d.coverage.noData)
  names(text.notPassedOn, d.coverage.notPassedOn)
  if (text.ownerRows.length) {
    f.para(text.owners, 9.5, { bold: true })
    f.table(text.loadColumns, text.ownerRows, [3, 1, 1, 1])
  }
  if (text.departmentRows.length) {
    f.para(text.departments, 9.5, { bold: true })
    f.table(text.loadColumns, text.departmentRows, [3, 1, 1, 1])
  }
  f.heading(text.sections.mix)
  f.table(text.mixColumns, text.mixRows, [3, ...text.mixColumns.slice(1).map(() => 1)])
  f.heading(text.sections.pressure)
  if (text.pressureRows.length) f.table(text.pressureColumns, text.pressureRows, [4, 1, 1, 1])
  else f.para(text.none, 9, { color: MUTED })
  return pagesToPdf(f.pages, { title: text.title, created })
}
