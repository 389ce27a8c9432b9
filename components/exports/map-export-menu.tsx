'use client'

import { useTranslations } from 'next-intl'
import { useRef, useState } from 'react'
import { buttonClass } from '@/components/ui/button'
import { downloadBlob, fileNameOf, svgToPng } from './svg-to-png'

export type ExportFormat = 'csv' | 'json' | 'pdf' | 'png'

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
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const menu = useRef<HTMLDetailsElement>(null)

  const close = () => menu.current?.removeAttribute('open')

  async function png() {
    setBusy(true)
    setError(null)
    try {
      const res = await fetch(mapExportUrl(workspaceId, mapId, 'svg'), { credentials: 'same-origin', cache: 'no-store' })
      if (!res.ok) throw new Error(res.status === 404 ? t('errors.notFound') : t('errors.failed'))
      const name = fileNameOf(res, 'map.svg').replace(/\.svg$/i, '.png')
      downloadBlob(await svgToPng(await res.text()), name)
      close()
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : t('errors.failed'))
    } finally {
      setBusy(false)
    }
  }

  const item = 'flex w-full flex-col items-start rounded px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none'
  const hint = 'text-xs text-slate-500'
  return (
    <div className={`relative inline-block ${className}`}>
      <details ref={menu} className="group">
        <summary className={buttonClass('secondary', 'cursor-pointer list-none [&::-webkit-details-marker]:hidden')} aria-haspopup="menu">
          {t('button')}
          <span aria-hidden className="text-xs text-slate-500 group-open:rotate-180">▾</span>
        </summary>
        <div role="menu" aria-label={t('menuLabel')} className="absolute right-0 z-30 mt-1 w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <a role="menuitem" className={item} href={mapExportUrl(workspaceId, mapId, 'pdf')} download onClick={close}>
            <span>{t('pdf.label')}</span>
            <span className={hint}>{t('pdf.hint')}</span>
          </a>
          <button role="menuitem" type="button" className={item} onClick={png} disabled={busy} aria-busy={busy}>
            <span>{busy ? t('png.busy') : t('png.label')}</span>
            <span className={hint}>{t('png.hint')}</span>
          </button>
          <a role="menuitem" className={item} href={mapExportUrl(workspaceId, mapId, 'csv')} download onClick={close}>
            <span>{t('csv.label')}</span>
            <span className={hint}>{t('csv.hint')}</span>
          </a>
          <a role="menuitem" className={item} href={mapExportUrl(workspaceId, mapId, 'json')} download onClick={close}>
            <span>{t('json.label')}</span>
            <span className={hint}>{t('json.hint')}</span>
          </a>
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
