'use client'

import { useTranslations } from 'next-intl'
import { useRef, useState, type ReactNode } from 'react'
import { downloadBlob, svgToPng } from '@/components/exports/svg-to-png'
import { Button, buttonClass } from '@/components/ui/button'

/**
 * One figure of the analysis: a title, the chart, its figures as a table
 * (under "Show as a table", always in the page for screen readers and
 * keyboards) and its exports: CSV from the server (the same route as the
 * page's data) and PNG, drawn from the chart's SVG (`png`: the chart draws
 * with recharts; `pngSvg`: an SVG made for the export, as the heatmap's).
 */
export function ChartCard({
  id,
  title,
  lead,
  csvHref,
  png,
  pngSvg,
  fileName,
  table,
  children,
}: {
  id: string
  title: string
  lead?: ReactNode
  csvHref?: string
  png?: boolean
  pngSvg?: () => string
  fileName: string
  table?: ReactNode
  children?: ReactNode
}) {
  const t = useTranslations('analysis.export')
  const chart = useRef<HTMLDivElement>(null)
  const [error, setError] = useState('')

  async function savePng() {
    setError('')
    try {
      const svg = pngSvg ? pngSvg() : chartSvg(chart.current, title)
      if (!svg) throw new Error('no chart')
      downloadBlob(await svgToPng(svg), `${fileName}.png`)
    } catch {
      setError(t('pngFailed'))
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" id={id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1 basis-64">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {lead && <p className="mt-1 text-sm text-slate-600">{lead}</p>}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          {(png || pngSvg) && (
            <Button variant="secondary" className="!py-1" onClick={() => void savePng()} aria-label={t('pngNamed', { name: title })}>
              {t('png')}
            </Button>
          )}
          {csvHref && (
            <a href={csvHref} download className={buttonClass('secondary', '!py-1')} aria-label={t('csvNamed', { name: title })}>
              {t('csv')}
            </a>
          )}
        </div>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-800">
          {error}
        </p>
      )}
      {children && (
        <div ref={chart} className="mt-4">
          {children}
        </div>
      )}
      {table && (
        <details className="mt-4" open={!children}>
          <summary className="cursor-pointer rounded text-sm font-medium text-indigo-800 focus-visible:outline-2 focus-visible:outline-indigo-600">{t('asTable')}</summary>
          <div className="relative mt-2 overflow-x-auto">{table}</div>
        </details>
      )}
    </section>
  )
}

/**
 * The recharts chart inside `root` as one standalone SVG: the title on top,
 * the chart's own SVG, and its legend (HTML in recharts) redrawn below.
 */
function chartSvg(root: HTMLElement | null, title: string): string | null {
  const svg = root?.querySelector('.recharts-wrapper > svg.recharts-surface')
  if (!svg) return null
  const { width, height } = svg.getBoundingClientRect()
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const top = 28
  const clone = svg.cloneNode(true) as SVGSVGElement
  clone.setAttribute('x', '0')
  clone.setAttribute('y', String(top))
  const legend = [...(root?.querySelectorAll('.recharts-legend-item') ?? [])].map((item) => ({
    colour: item.querySelector('path')?.getAttribute('fill') || item.querySelector('path')?.getAttribute('stroke') || '#475569',
    label: item.textContent?.trim() ?? '',
  }))
  let x = 0
  const legendY = top + Math.ceil(height) + 18
  const keys = legend.map((l) => {
    const out = `<rect x="${x}" y="${legendY - 9}" width="10" height="10" fill="${esc(l.colour)}"/><text x="${x + 14}" y="${legendY}" font-size="12" fill="#334155">${esc(l.label)}</text>`
    x += 28 + l.label.length * 7
    return out
  })
  const total = Math.ceil(height) + top + (legend.length ? 30 : 0)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(Math.max(width, x))}" height="${total}" font-family="Helvetica, Arial, sans-serif">` +
    `<rect width="100%" height="100%" fill="#ffffff"/><text x="0" y="18" font-size="14" font-weight="600" fill="#0f172a">${esc(title)}</text>` +
    `${new XMLSerializer().serializeToString(clone)}${keys.join('')}</svg>`
  )
}
