/**
 * Lays a map out as printed pages of drawing operations (boxes and lines of
 * text, top-down coordinates in points): the stage headers across the top,
 * one row per segment, the cards of each cell stacked in order with their
 * names wrapped. The PDF draws these pages as they are; the SVG draws a single
 * page whose height grows to fit. Columns that do not fit the page width go
 * to further pages (segment headers repeat); rows that do not fit the height
 * continue on the next page (stage headers repeat).
 */
import { printable, textWidth, wrapText } from './helvetica'
import { EMOTION_WORDS, signed } from '@/lib/maps/lanes'
import { cellOf, type MapExport } from './map-export'

export type Rgb = readonly [number, number, number]
export type Op =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: Rgb; stroke?: Rgb; lineWidth?: number }
  | { t: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; color?: Rgb }
export type Page = { width: number; height: number; ops: Op[] }

export const PAGE_SIZES = { a4: [841.89, 595.28], a3: [1190.55, 841.89] } as const

const INK: Rgb = [0.1, 0.12, 0.16]
const MUTED: Rgb = [0.36, 0.39, 0.45]
const RULE: Rgb = [0.72, 0.75, 0.8]
const HEADER_FILL: Rgb = [0.92, 0.94, 0.97]
const CARD_FILL: Rgb = [1, 1, 1]
const CARD_STROKE: Rgb = [0.55, 0.58, 0.64]

export const KIND_COLORS: Record<string, Rgb> = {
  communication: [0.15, 0.39, 0.82],
  human: [0.09, 0.56, 0.33],
  physical: [0.8, 0.47, 0.05],
  sensory: [0.58, 0.2, 0.7],
}
const KIND_LABEL: Record<string, string> = { communication: 'Communication', human: 'Human', physical: 'Physical', sensory: 'Sensory' }
const GOAL_LABEL: Record<string, string> = { win: 'Win', grow: 'Grow', strengthen: 'Strengthen', develop: 'Develop', prevent_churn: 'Prevent churn' }

const MARGIN = 30
const HEAD_W = 132
const MIN_COL = 118
const CELL_PAD = 5
const CARD_GAP = 4
const NAME_SIZE = 8.5
const NAME_LEAD = 10.2
const META_SIZE = 7
const META_LEAD = 8.4

/** A card, or a lane's text in a cell (`plain`: drawn as text, not as a touchpoint). */
type Card = { name: string[]; meta: string[]; kind: string; h: number; plain?: boolean }

function cardsOf(m: MapExport, stageId: string, segmentId: string, colW: number): Card[] {
  const inner = colW - 2 * CELL_PAD - 10
  return cellOf(m, stageId, segmentId).map(({ touchpoint: t }) => {
    const name = wrapText(t.name, inner, NAME_SIZE, true, 4)
    const metaParts = [KIND_LABEL[t.kind] ?? t.kind, t.channel, t.ownerDepartment ?? ''].filter(Boolean)
    const meta = wrapText(metaParts.join(' · '), inner, META_SIZE, false, 2)
    return { name, meta, kind: t.kind, h: 4 + name.length * NAME_LEAD + meta.length * META_LEAD + 3 }
  })
}

const LANE_FILL: Rgb = [0.96, 0.96, 0.93]

/** A lane's text in a cell, wrapped like a card's name but not bold. */
function laneCell(text: string | undefined, colW: number): Card[] {
  if (!text?.trim()) return []
  const name = wrapText(text, colW - 2 * CELL_PAD - 10, META_SIZE + 0.5, false, 12)
  return [{ name, meta: [], kind: 'lane', h: 4 + name.length * (META_LEAD + 0.6) + 3, plain: true }]
}

const laneHeader = (title: string, meta: string) => ({ name: wrapText(title, HEAD_W - 12, 9.5, true, 3), meta, profile: [] as string[], h: 40 })

type Row = { head: ReturnType<typeof segmentHeader>; cells: Card[][]; lane?: boolean; visibilityAfter?: boolean }

/** The rows of the grid, top to bottom: customer actions and thoughts, (the line of visibility), the rows of touchpoints, backstage, and the emotion curves. */
function rowsOf(m: MapExport, group: MapExport['stages'], colW: number): Row[] {
  const l = m.lanes
  const rows: Row[] = []
  const anyOf = (o: Record<string, string> | undefined) => Boolean(o && group.some((st) => o[st.id]?.trim()))
  if (l && anyOf(l.actions)) rows.push({ head: laneHeader('Customer actions and thoughts', 'Invisible to the company'), cells: group.map((st) => laneCell(l.actions[st.id], colW)), lane: true, visibilityAfter: true })
  for (const s of m.segments) rows.push({ head: segmentHeader(s), cells: group.map((st) => cardsOf(m, st.id, s.id, colW)) })
  if (l && anyOf(l.backstage)) rows.push({ head: laneHeader('Backstage', 'Processes and people'), cells: group.map((st) => laneCell(l.backstage[st.id], colW)), lane: true })
  if (l)
    for (const s of m.segments) {
      const e = l.emotions[s.id]
      if (!e || !group.some((st) => e[st.id] !== undefined)) continue
      rows.push({ head: laneHeader(`Emotion: ${s.name}`, '-2 to +2, set by hand'), cells: group.map((st) => (e[st.id] === undefined ? [] : laneCell(`${signed(e[st.id]!)} ${EMOTION_WORDS[e[st.id]!]}`, colW))), lane: true })
    }
  return rows
}

function segmentHeader(s: MapExport['segments'][number]) {
  const name = wrapText(s.name, HEAD_W - 12, 9.5, true, 3)
  const meta = `${GOAL_LABEL[s.goal] ?? s.goal} · priority ${s.priority}`
  const profile = wrapText(s.profile, HEAD_W - 12, 7, false, 5)
  return { name, meta, profile, h: 8 + name.length * 11.5 + 10 + profile.length * 8.6 + 4 }
}

function stageHeader(s: MapExport['stages'][number], colW: number) {
  const name = wrapText(s.name, colW - 12, 9.5, true, 3)
  return { name, h: 8 + name.length * 11.5 + 14 }
}

/**
 * Pages for the map. `size`: a fixed page (PDF), or 'fit' for one page as
 * large as the grid (SVG). The page format is A4 landscape for up to four
 * stages, A3 landscape above.
 */
export function layoutMap(m: MapExport, size: 'fit' | 'auto' | keyof typeof PAGE_SIZES = 'auto'): Page[] {
  const stages = m.stages
  const fit = size === 'fit'
  const [pageW, pageH] = fit ? [MARGIN * 2 + HEAD_W + Math.max(1, stages.length) * 176, Infinity] : PAGE_SIZES[size === 'auto' ? (stages.length <= 4 ? 'a4' : 'a3') : size]
  const avail = pageW - 2 * MARGIN - HEAD_W
  const perPage = fit ? Math.max(1, stages.length) : Math.max(1, Math.floor(avail / MIN_COL))
  const groups: (typeof stages)[] = []
  for (let i = 0; i < Math.max(1, stages.length); i += perPage) groups.push(stages.slice(i, i + perPage))

  const title = printable(m.map.name || 'Untitled map')
  const date = `${m.exportedAt.toISOString().slice(0, 10)} ${m.exportedAt.toISOString().slice(11, 16)} UTC`
  const cardCount = new Set(m.placements.map((p) => p.touchpoint.id)).size
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`
  const subtitle = `${m.workspace.name} · exported ${date} · ${n(m.stages.length, 'stage', 'stages')}, ${n(m.segments.length, 'segment', 'segments')}, ${n(m.placements.length, 'card', 'cards')} (${n(cardCount, 'touchpoint', 'touchpoints')})`

  const pages: Page[] = []
  for (const group of groups) {
    const colW = group.length ? (fit ? 176 : Math.min(avail / group.length, 260)) : avail
    const gridW = HEAD_W + colW * Math.max(1, group.length)
    const heads = group.map((s) => stageHeader(s, colW))
    const headH = Math.max(30, ...heads.map((h) => h.h))
    const rows = rowsOf(m, group, colW)

    let page: Page
    let y = 0
    const newPage = () => {
      page = { width: pageW, height: pageH, ops: [] }
      pages.push(page)
      const ops = page.ops
      const legendW = Object.values(KIND_LABEL).reduce((w, l) => w + textWidth(l, 8) + 16, 0)
      ops.push({ t: 'text', x: MARGIN, y: MARGIN + 14, text: wrapText(title, pageW - 2 * MARGIN - legendW - 16, 16, true, 1)[0] ?? '', size: 16, bold: true, color: INK })
      ops.push({ t: 'text', x: MARGIN, y: MARGIN + 28, text: printable(subtitle), size: 8.5, color: MUTED })
      // The legend: kind colours, right-aligned on the title line.
      let lx = pageW - MARGIN
      for (const kind of Object.keys(KIND_COLORS).reverse()) {
        const label = KIND_LABEL[kind]!
        lx -= textWidth(label, 8) + 16
        ops.push({ t: 'rect', x: lx, y: MARGIN + 6, w: 8, h: 8, fill: KIND_COLORS[kind] })
        ops.push({ t: 'text', x: lx + 11, y: MARGIN + 13, text: label, size: 8, color: INK })
      }
      if (groups.length > 1)
        ops.push({
          t: 'text',
          x: pageW - MARGIN - textWidth(`Stages ${stages.indexOf(group[0]!) + 1}-${stages.indexOf(group.at(-1)!) + 1} of ${stages.length}`, 8),
          y: MARGIN + 28,
          text: `Stages ${stages.indexOf(group[0]!) + 1}-${stages.indexOf(group.at(-1)!) + 1} of ${stages.length}`,
          size: 8,
          color: MUTED,
        })
      y = MARGIN + 40
      ops.push({ t: 'rect', x: MARGIN, y, w: gridW, h: headH, fill: HEADER_FILL, stroke: RULE, lineWidth: 0.6 })
      ops.push({ t: 'text', x: MARGIN + 6, y: y + 15, text: 'Segment / stage', size: 7.5, color: MUTED })
      group.forEach((s, i) => {
        const x = MARGIN + HEAD_W + i * colW
        ops.push({ t: 'rect', x, y, w: colW, h: headH, stroke: RULE, lineWidth: 0.6 })
        heads[i]!.name.forEach((line, li) => ops.push({ t: 'text', x: x + 6, y: y + 16 + li * 11.5, text: line, size: 9.5, bold: true, color: INK }))
        ops.push({ t: 'text', x: x + 6, y: y + 16 + heads[i]!.name.length * 11.5, text: `Weight ${s.weight}/5`, size: 7, color: MUTED })
      })
      y += headH
    }
    newPage()
    const bottom = () => (fit ? Infinity : pageH - MARGIN - 18)

    if (!m.segments.length) page!.ops.push({ t: 'text', x: MARGIN + 6, y: y + 18, text: 'This map has no segments yet.', size: 9, color: MUTED })
    for (const row of rows) {
      const left = row.cells.map((c) => [...c])
      let first = true
      while (first || left.some((c) => c.length)) {
        // Room for the segment header and at least one card, or start a new page.
        const minH = Math.max(first ? Math.min(row.head.h, 60) : 24, ...left.map((c) => (c[0] ? c[0].h + 2 * CELL_PAD : 0)))
        if (y + minH > bottom() && y > MARGIN + 40 + headH + 1) newPage()
        const room = bottom() - y
        const taken = left.map((c) => {
          const out: Card[] = []
          let h = CELL_PAD
          while (c.length && (h + c[0]!.h + CELL_PAD <= room || out.length === 0)) {
            h += c[0]!.h + CARD_GAP
            out.push(c.shift()!)
          }
          return out
        })
        const contentH = Math.max(...taken.map((c) => c.reduce((s, k) => s + k.h + CARD_GAP, CELL_PAD * 2 - CARD_GAP)), 0)
        const rowH = Math.max(first ? Math.min(row.head.h, room) : 20, contentH, 36)
        const ops = page!.ops
        ops.push({ t: 'rect', x: MARGIN, y, w: HEAD_W, h: rowH, fill: row.lane ? LANE_FILL : HEADER_FILL, stroke: RULE, lineWidth: 0.6 })
        let ty = y + 15
        for (const line of row.head.name) {
          ops.push({ t: 'text', x: MARGIN + 6, y: ty, text: line, size: 9.5, bold: true, color: INK })
          ty += 11.5
        }
        ops.push({ t: 'text', x: MARGIN + 6, y: ty, text: first ? printable(row.head.meta) : '(continued)', size: 7.5, color: MUTED })
        ty += 10
        if (first) for (const line of row.head.profile) if (ty + 2 < y + rowH) ops.push({ t: 'text', x: MARGIN + 6, y: (ty += 8.6) - 0.6, text: line, size: 7, color: MUTED })
        taken.forEach((cards, i) => {
          const x = MARGIN + HEAD_W + i * colW
          ops.push({ t: 'rect', x, y, w: colW, h: rowH, stroke: RULE, lineWidth: 0.6 })
          let cy = y + CELL_PAD
          for (const c of cards) {
            const cx = x + CELL_PAD
            const cw = colW - 2 * CELL_PAD
            if (c.plain) {
              let ly = cy + 3 + META_SIZE
              for (const line of c.name) {
                ops.push({ t: 'text', x: cx + 2, y: ly, text: line, size: META_SIZE + 0.5, color: INK })
                ly += META_LEAD + 0.6
              }
              cy += c.h + CARD_GAP
              continue
            }
            ops.push({ t: 'rect', x: cx, y: cy, w: cw, h: c.h, fill: CARD_FILL, stroke: CARD_STROKE, lineWidth: 0.5 })
            ops.push({ t: 'rect', x: cx, y: cy, w: 3, h: c.h, fill: KIND_COLORS[c.kind] ?? MUTED })
            let ly = cy + 4 + NAME_SIZE
            for (const line of c.name) {
              ops.push({ t: 'text', x: cx + 7, y: ly, text: line, size: NAME_SIZE, bold: true, color: INK })
              ly += NAME_LEAD
            }
            for (const line of c.meta) {
              ops.push({ t: 'text', x: cx + 7, y: ly - 1, text: line, size: META_SIZE, color: MUTED })
              ly += META_LEAD
            }
            cy += c.h + CARD_GAP
          }
        })
        y += rowH
        first = false
      }
      if (row.visibilityAfter) {
        // The line of visibility: above it the customer, below it what the company does.
        page!.ops.push({ t: 'rect', x: MARGIN, y: y + 2, w: gridW, h: 1.6, fill: INK })
        page!.ops.push({ t: 'text', x: MARGIN + 6, y: y + 12, text: 'Line of visibility', size: 7, bold: true, color: MUTED })
        y += 16
      }
    }
    if (fit) page!.height = y + MARGIN
  }
  const total = pages.length
  if (!fit)
    pages.forEach((p, i) => {
      const label = `Page ${i + 1} of ${total}`
      p.ops.push({ t: 'text', x: MARGIN, y: p.height - MARGIN + 6, text: printable(`${m.map.name} · Touchmap`), size: 7.5, color: MUTED })
      p.ops.push({ t: 'text', x: p.width - MARGIN - textWidth(label, 7.5), y: p.height - MARGIN + 6, text: label, size: 7.5, color: MUTED })
    })
  return pages
}
