'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { NEUTRAL_ESTIMATE, quadrantOf, SCORE_MAX, SCORE_MIN, VALUE_THRESHOLD, type Quadrant } from '@/lib/evaluation/model'
import type { RankedTouchpoint } from '@/lib/evaluation/ranking'

export type MatrixPoint = RankedTouchpoint & { value: number; effort: number }

const W = 640
const H = 400
const M = { left: 52, right: 16, top: 16, bottom: 48 }
const PW = W - M.left - M.right
const PH = H - M.top - M.bottom
const BANDS = SCORE_MAX - SCORE_MIN + 1
const band = PW / BANDS
/** Centre of an effort band (1..5). */
const xOf = (effort: number) => M.left + (effort - SCORE_MIN + 0.5) * band
const yOf = (value: number) => M.top + PH - (value / 100) * PH
const radius = (insights: number) => 7 + 3 * Math.sqrt(Math.min(insights, 25))

const FILL: Record<Quadrant, string> = {
  quickWins: 'fill-emerald-600/75 stroke-emerald-900',
  majorProjects: 'fill-indigo-600/75 stroke-indigo-900',
  fillIns: 'fill-sky-600/60 stroke-sky-900',
  thanklessTasks: 'fill-slate-500/60 stroke-slate-800',
}

/**
 * The prioritisation matrix, hand-written SVG: value of improving (0-100)
 * upwards, effort (1-5) to the right, bubble area growing with the number of
 * insights. Every bubble is a link to the touchpoint's page, with a title and
 * an aria-label; the bubble under the pointer or the keyboard focus is named
 * on the chart, above every other bubble. The same figures are available as
 * a table below it.
 */
export function MatrixChart({ points, slug }: { points: MatrixPoint[]; slug: string }) {
  const t = useTranslations('evaluation')
  const [active, setActive] = useState<string | null>(null)
  // Spread the bubbles of one effort band across the band's width, in a stable order, so they do not hide each other.
  const placed = [...Array(BANDS)].flatMap((_, b) => {
    const inBand = points.filter((p) => p.effort === b + SCORE_MIN).sort((a, z) => a.value - z.value || (a.id < z.id ? -1 : 1))
    return inBand.map((p, i) => ({ ...p, x: xOf(p.effort) + (inBand.length > 1 ? ((i + 0.5) / inBand.length - 0.5) * band * 0.7 : 0), y: yOf(p.value) }))
  })
  // Big bubbles first, so small ones stay on top and clickable.
  placed.sort((a, b) => b.insights - a.insights)
  const splitX = M.left + (NEUTRAL_ESTIMATE - SCORE_MIN + 1) * band
  const splitY = yOf(VALUE_THRESHOLD)
  const label = (q: Quadrant, x: number, y: number, anchor: 'start' | 'end') => (
    <text x={x} y={y} textAnchor={anchor} className="fill-slate-600 text-[12px] font-semibold uppercase tracking-wide">
      {t(`quadrants.${q}`)}
    </text>
  )
  return (
    // On phones the chart keeps a legible size and scrolls sideways inside its card (the table below has the same figures).
    <figure className="relative m-0 overflow-x-auto">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full min-w-[520px]" role="group" aria-label={t('analysis.matrix')}>
        <rect x={M.left} y={M.top} width={splitX - M.left} height={splitY - M.top} className="fill-emerald-50" />
        <rect x={splitX} y={M.top} width={M.left + PW - splitX} height={splitY - M.top} className="fill-indigo-50/70" />
        <rect x={M.left} y={splitY} width={splitX - M.left} height={M.top + PH - splitY} className="fill-sky-50/60" />
        <rect x={splitX} y={splitY} width={M.left + PW - splitX} height={M.top + PH - splitY} className="fill-slate-100/70" />
        <line x1={splitX} x2={splitX} y1={M.top} y2={M.top + PH} className="stroke-slate-400" strokeDasharray="4 4" />
        <line x1={M.left} x2={M.left + PW} y1={splitY} y2={splitY} className="stroke-slate-400" strokeDasharray="4 4" />
        <rect x={M.left} y={M.top} width={PW} height={PH} className="fill-none stroke-slate-300" />
        {label('quickWins', M.left + 8, M.top + 18, 'start')}
        {label('majorProjects', M.left + PW - 8, M.top + 18, 'end')}
        {label('fillIns', M.left + 8, M.top + PH - 8, 'start')}
        {label('thanklessTasks', M.left + PW - 8, M.top + PH - 8, 'end')}
        <g aria-hidden="true" className="fill-slate-700 text-[12px]">
          {[0, 25, 50, 75, 100].map((v) => (
            <text key={v} x={M.left - 8} y={yOf(v) + 4} textAnchor="end">
              {v}
            </text>
          ))}
          {[...Array(BANDS)].map((_, i) => (
            <text key={i} x={xOf(i + SCORE_MIN)} y={M.top + PH + 18} textAnchor="middle">
              {i + SCORE_MIN}
            </text>
          ))}
          <text x={M.left + PW / 2} y={H - 6} textAnchor="middle" className="font-medium">
            {t('analysis.effortAxis')}
          </text>
          <text transform={`translate(14 ${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" className="font-medium">
            {t('analysis.valueAxis')}
          </text>
        </g>
        {placed.map((p) => {
          const q = quadrantOf(p.value, p.effort)
          const text = t('analysis.bubble', { name: p.name, value: p.value.toFixed(0), effort: p.effort, insights: p.insights, quadrant: t(`quadrants.${q}`) })
          return (
            <a
              key={p.id}
              href={`/w/${slug}/touchpoints/${p.id}`}
              aria-label={text}
              className="group outline-none"
              onMouseEnter={() => setActive(p.id)}
              onMouseLeave={() => setActive((a) => (a === p.id ? null : a))}
              onFocus={() => setActive(p.id)}
              onBlur={() => setActive((a) => (a === p.id ? null : a))}
            >
              <title>{text}</title>
              <circle
                cx={p.x}
                cy={p.y}
                r={radius(p.insights)}
                className={`${FILL[q]} stroke-[1.5] transition-[stroke-width] group-hover:stroke-[3] group-focus-visible:stroke-black group-focus-visible:stroke-[4]`}
              />
            </a>
          )
        })}
        {(() => {
          const p = placed.find((x) => x.id === active)
          if (!p) return null
          // The name above the bubble (below it near the top edge), kept inside the plot, with a white halo to read over other bubbles.
          const r = radius(p.insights)
          const above = p.y - r - 6 > M.top + 10
          const anchor = p.x < M.left + 80 ? 'start' : p.x > M.left + PW - 80 ? 'end' : 'middle'
          return (
            <text
              x={p.x}
              y={above ? p.y - r - 6 : p.y + r + 14}
              textAnchor={anchor}
              aria-hidden="true"
              className="pointer-events-none fill-slate-900 stroke-white text-[13px] font-semibold [paint-order:stroke] [stroke-linejoin:round] [stroke-width:4px]"
              data-testid="matrix-label"
            >
              {p.name}
            </text>
          )
        })()}
      </svg>
    </figure>
  )
}
