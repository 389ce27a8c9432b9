'use client'

import { useTranslations } from 'next-intl'
import { useRef, useState } from 'react'
import { buttonClass } from '@/components/ui/button'
import { downloadBlob, fileNameOf, svgToPng } from './svg-to-png'

export type ExportFormat = 'csv' | 'json' | 'pdf' | 'png'
const FORMATS: ExportFormat[] = ['pdf', 'png', 'csv', 'json']

/** Where a map's export in `format` is served (PNG is made in the browser from the SVG). */
export function mapExportUrl(workspaceId: string, mapId: string, format: Exclude<ExportFormat, 'png'> | 'svg'): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}/maps/${encodeURIComponent(mapId)}/export/${format}`
}

/**
 * The map's Export menu: CSV and JSON (data), PDF (print, A4/A3 landscape) and
 * PNG (an image at twice the size, for slides and chat). Anyone who can read
 * the map may export it. Place it in the map editor's toolbar:
 *   <MapExportMenu workspaceId={ws.id} mapId={map.id} />
 */
export function MapExportMenu({ workspaceId, mapId, className = '' }: { workspaceId: string; mapId: string; className?: string }) {
  const t = useTranslations('exports')
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const [error, setError] = useState<string | null>(null)
  const menu = useRef<HTMLDetailsElement>(null)

  const close = () => menu.current?.removeAttribute('open')

  /** Fetches the export (PNG: the SVG, drawn on a canvas) and saves it under the server's file name; errors show under the menu. */
  async function download(format: ExportFormat) {
    setBusy(format)
    setError(null)
    try {
      const res = await fetch(mapExportUrl(workspaceId, mapId, format === 'png' ? 'svg' : format), { credentials: 'same-origin', cache: 'no-store' })
      if (!res.ok) throw new Error(res.status === 404 ? t('errors.notFound') : res.status === 401 ? t('errors.signedOut') : t('errors.failed'))
      if (format === 'png') downloadBlob(await svgToPng(await res.text()), fileNameOf(res, 'map.svg').replace(/\.svg$/i, '.png'))
      else downloadBlob(await res.blob(), fileNameOf(res, `map.${format}`))
      close()
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : t('errors.failed'))
    } finally {
      setBusy(null)
    }
  }

  const item = 'flex w-full flex-col disabled:cursor-wait disabled:opacity-60 items-start rounded px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none'
  const hint = 'text-xs text-slate-500'
  return (
    <div className={`relative inline-block ${className}`}>
      <details
        ref={menu}
        className="group"
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !menu.current?.open) return
          close()
          menu.current.querySelector('summary')?.focus()
        }}
      >
        <summary className={buttonClass('secondary', 'cursor-pointer list-none [&::-webkit-details-marker]:hidden')}>
          {t('button')}
          <span aria-hidden className="text-xs text-slate-500 group-open:rotate-180">▾</span>
        </summary>
        <div role="group" aria-label={t('menuLabel')} className="absolute right-0 z-30 mt-1 w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {FORMATS.map((f) => (
            <button key={f} type="button" className={item} onClick={() => void download(f)} disabled={busy !== null} aria-busy={busy === f}>
              <span>{busy === f ? t('busy') : t(`${f}.label`)}</span>
              <span className={hint}>{t(`${f}.hint`)}</span>
            </button>
          ))}
        </div>
      </details>
      {error && (
        <p role="alert" className="absolute right-0 mt-1 w-64 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  )
}
