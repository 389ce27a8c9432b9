'use client'

import { useFormatter, useTranslations } from 'next-intl'
import { useState } from 'react'
import { shadeOf, VOLUME_DAYS, type Heatmap as HeatmapData } from '@/lib/analysis/distribution'

/** Five shades, lightest to darkest; text turns white from the fourth. */
const SHADES = ['#eef2ff', '#c7d2fe', '#a5b4fc', '#4f46e5', '#312e81'] as const
const HATCH = 'repeating-linear-gradient(135deg, #fff7ed 0 6px, #fed7aa 6px 9px)'

/**
 * The stages x segments heatmap as a table: stages are columns (as on the
 * map), segments rows; each cell's count is written in it, its shade only
 * repeats it. Gaps are hatched and say "Gap". The table is the chart, so it
 * needs no separate table; the region scrolls sideways with the keyboard.
 */
export function Heatmap({ data }: { data: HeatmapData }) {
  const t = useTranslations('analysis.heatmap')
  const format = useFormatter()
  const pct = (n: number | null) => (n == null ? '–' : format.number(n, { style: 'percent', maximumFractionDigits: 0 }))
  // Shade by the touchpoints in a cell, or (when interaction data was imported) by their interactions.
  const [by, setBy] = useState<'touchpoints' | 'volume'>('touchpoints')
  const volume = by === 'volume' && data.maxVolume > 0
  return (
    <div>
      {data.maxVolume > 0 && (
        <fieldset className="mb-2 flex flex-wrap items-center gap-3 text-sm">
          <legend className="sr-only">{t('shadeBy')}</legend>
          <span aria-hidden="true" className="text-slate-700">
            {t('shadeBy')}
          </span>
          {(['touchpoints', 'volume'] as const).map((v) => (
            <label key={v} className="flex items-center gap-1.5">
              <input type="radio" name={`shade-${data.mapId}`} value={v} checked={by === v} onChange={() => setBy(v)} className="h-4 w-4 text-indigo-700 focus:outline-2 focus:outline-indigo-600" />
              {t(`shadeBy_${v}`, { days: VOLUME_DAYS })}
            </label>
          ))}
        </fieldset>
      )}
    <div className="relative overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-indigo-600" tabIndex={0} role="region" aria-label={t('scrollLabel')}>
      <table className="w-full border-separate border-spacing-1 text-sm" data-testid="heatmap">
        <caption className="sr-only">{t('caption', { map: data.mapName })}</caption>
        <thead>
          <tr>
            <th scope="col" className="min-w-32 px-2 py-1 text-left text-xs font-medium text-slate-600">
              {t('segment')}
            </th>
            {data.stages.map((s) => (
              <th key={s.id} scope="col" className="min-w-28 px-2 py-1 text-left align-bottom font-medium text-slate-900">
                <span className="block break-words">{s.name}</span>
                <span className="mt-1 flex items-center gap-1" role="img" aria-label={t('weight', { weight: s.weight })} title={t('weight', { weight: s.weight })}>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <span key={n} aria-hidden="true" className={`h-1.5 w-3 rounded-full ${n <= s.weight ? 'bg-indigo-600' : 'bg-slate-300'}`} />
                  ))}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.segments.map((g, row) => (
            <tr key={g.id}>
              <th scope="row" className="px-2 py-1 text-left font-medium text-slate-800">
                {g.name}
              </th>
              {data.stages.map((s) => {
                const c = s.cells[row]!
                const shade = volume ? shadeOf(c.volume, data.maxVolume) : shadeOf(c.count, data.max)
                return (
                  <td
                    key={s.id}
                    className={`h-12 rounded px-2 text-center tabular-nums ${c.gap ? 'font-semibold text-orange-900' : shade >= 3 ? 'font-semibold text-white' : 'text-slate-900'}`}
                    style={{ background: c.gap ? HATCH : SHADES[shade] }}
                    data-count={c.count}
                    data-gap={c.gap || undefined}
                  >
                    {c.gap ? (
                      <span>
                        <span aria-hidden="true">{t('gap')}</span>
                        <span className="sr-only">{t('gapCell', { segment: g.name, stage: s.name })}</span>
                      </span>
                    ) : (
                      <>
                        <span aria-hidden="true">{volume ? format.number(c.volume) : c.count}</span>
                        <span className="sr-only">{volume ? t('volumeCell', { count: c.volume, touchpoints: c.count }) : t('cell', { count: c.count })}</span>
                      </>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
        <tfoot className="text-xs text-slate-700">
          <tr>
            <th scope="row" className="px-2 pt-2 text-left font-medium">
              {t('stageTouchpoints')}
            </th>
            {data.stages.map((s) => (
              <td key={s.id} className="px-2 pt-2 tabular-nums">
                <span className="block text-sm font-semibold text-slate-900">{s.touchpoints}</span>
                <span className="block">
                  {t('share')}: {pct(s.share)}
                </span>
                <span className="block">
                  {t('weightShare')}: {pct(s.weightShare)}
                </span>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      <p className="mt-2 flex items-center gap-2 text-xs text-slate-600" aria-hidden="true">
        {t('legendFew')}
        {SHADES.map((c) => (
          <span key={c} className="h-3 w-5 rounded-sm border border-slate-200" style={{ background: c }} />
        ))}
        {t('legendMany')}
        <span className="ml-3 h-3 w-5 rounded-sm border border-orange-200" style={{ background: HATCH }} />
        {t('gap')}
      </p>
    </div>
    </div>
  )
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** The heatmap as a standalone SVG for its PNG export (the same shades and gaps). */
export function heatmapSvg(data: HeatmapData, labels: { title: string; gap: string; weight: (w: number) => string }): string {
  const col = 130
  const head = 64
  const rowH = 40
  const left = 160
  const top = 36
  const width = left + data.stages.length * col + 8
  const height = top + head + data.segments.length * rowH + 8
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<defs><pattern id="gap" width="9" height="9" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="9" height="9" fill="#fff7ed"/><rect width="3" height="9" fill="#fed7aa"/></pattern></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="22" font-size="15" font-weight="600" fill="#0f172a">${esc(labels.title)}</text>`,
  ]
  data.stages.forEach((s, i) => {
    const x = left + i * col
    parts.push(`<text x="${x + 4}" y="${top + 22}" font-size="12" font-weight="600" fill="#0f172a">${esc(cut(s.name, 18))}</text>`)
    parts.push(`<text x="${x + 4}" y="${top + 40}" font-size="11" fill="#475569">${esc(labels.weight(s.weight))}</text>`)
  })
  data.segments.forEach((g, r) => {
    const y = top + head + r * rowH
    parts.push(`<text x="8" y="${y + 24}" font-size="12" fill="#1e293b">${esc(cut(g.name, 22))}</text>`)
    data.stages.forEach((s, i) => {
      const c = s.cells[r]!
      const x = left + i * col
      const shade = shadeOf(c.count, data.max)
      parts.push(`<rect x="${x}" y="${y}" width="${col - 6}" height="${rowH - 6}" rx="4" fill="${c.gap ? 'url(#gap)' : SHADES[shade]}"/>`)
      const fill = c.gap ? '#7c2d12' : shade >= 3 ? '#ffffff' : '#0f172a'
      parts.push(`<text x="${x + (col - 6) / 2}" y="${y + 22}" font-size="13" text-anchor="middle" fill="${fill}">${c.gap ? esc(labels.gap) : c.count}</text>`)
    })
  })
  parts.push('</svg>')
  return parts.join('')
}
