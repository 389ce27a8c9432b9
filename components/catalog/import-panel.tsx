'use client'

import { useTranslations } from 'next-intl'
import { useId, useRef, useState } from 'react'
import { Button, buttonClass } from '@/components/ui/button'
import { CSV_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/catalog/columns'
import { parseCsv } from '@/lib/catalog/csv'
import type { ImportError, ImportResult, ImportSummary } from '@/lib/catalog/import'
import { ImportErrors } from '@/components/forms/import-errors'

type Phase = 'upload' | 'validate' | 'write' | 'done'
type Progress = { phase: Phase; done: number; total: number; percent: number }
type State =
  | { step: 'idle' }
  | { step: 'local-error'; message: string }
  | { step: 'running'; commit: boolean; progress: Progress }
  | { step: 'errors'; errors: ImportError[]; more: number }
  | { step: 'ready'; summary: ImportSummary }
  | { step: 'done'; summary: ImportSummary }
  | { step: 'failed'; message: string }

/** Sends the file to the import route and reads its NDJSON answer as it streams: upload, then checking, then writing. */
function sendImport(url: string, file: Blob, onProgress: (p: Progress) => void): Promise<ImportResult | { failed: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    let seen = 0
    let result: ImportResult | { failed: string } | null = null
    const read = () => {
      const text = xhr.responseText
      let nl = text.indexOf('\n', seen)
      while (nl >= 0) {
        const line = text.slice(seen, nl)
        seen = nl + 1
        nl = text.indexOf('\n', seen)
        if (!line.trim()) continue
        const ev = JSON.parse(line) as { type: string; phase?: 'validate' | 'write'; done?: number; total?: number; error?: string } & ImportResult
        if (ev.type === 'progress' && ev.phase) {
          const frac = ev.total ? (ev.done ?? 0) / ev.total : 0
          const percent = ev.phase === 'validate' ? 30 + frac * 40 : 70 + frac * 30
          onProgress({ phase: ev.phase, done: ev.done ?? 0, total: ev.total ?? 0, percent })
        } else if (ev.type === 'result') result = ev
        else if (ev.type === 'failed') result = { failed: ev.error ?? '' }
      }
    }
    xhr.open('POST', url)
    xhr.setRequestHeader('content-type', 'text/csv; charset=utf-8')
    xhr.upload.onprogress = (e) => onProgress({ phase: 'upload', done: e.loaded, total: e.total, percent: e.total ? (e.loaded / e.total) * 30 : 0 })
    xhr.onprogress = read
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let message = xhr.statusText
        try {
          message = (JSON.parse(xhr.responseText) as { error?: string }).error ?? message
        } catch {
          /* not JSON */
        }
        return resolve({ failed: message })
      }
      read()
      resolve(result ?? { failed: 'no answer' })
    }
    xhr.onerror = () => resolve({ failed: 'the connection was lost' })
    xhr.send(file)
  })
}

const TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent(CSV_COLUMNS.join(',') + '\r\n')}`

export function ImportPanel({ workspaceId, onImported, onClose }: { workspaceId: string; onImported: () => void; onClose: () => void }) {
  const t = useTranslations('catalog.import')
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<{ header: string[]; rows: { line: number; cells: string[] }[] } | null>(null)
  const [state, setState] = useState<State>({ step: 'idle' })
  const url = (commit: boolean) => `/api/workspaces/${workspaceId}/touchpoints/import?commit=${commit ? 1 : 0}`

  async function run(f: File, commit: boolean) {
    setState({ step: 'running', commit, progress: { phase: 'upload', done: 0, total: f.size, percent: 0 } })
    const r = await sendImport(url(commit), f, (progress) => setState({ step: 'running', commit, progress }))
    if ('failed' in r) return setState({ step: 'failed', message: r.failed })
    if (!r.ok) {
      // The same file, fixed, can be chosen again.
      if (inputRef.current) inputRef.current.value = ''
      return setState({ step: 'errors', errors: r.errors, more: r.moreErrors })
    }
    if (r.committed) {
      setState({ step: 'done', summary: r.summary })
      onImported()
    } else setState({ step: 'ready', summary: r.summary })
  }

  async function choose(f: File | null) {
    setFile(f)
    setPreview(null)
    if (!f) return setState({ step: 'idle' })
    if (f.size > MAX_IMPORT_BYTES) return setState({ step: 'local-error', message: t('tooLarge', { size: (f.size / 1024 / 1024).toFixed(1) }) })
    let text: string
    try {
      text = await f.text()
    } catch (err) {
      return setState({ step: 'local-error', message: t('unreadable', { reason: String(err) }) })
    }
    const parsed = parseCsv(text, { maxRecords: MAX_IMPORT_ROWS + 1 })
    if (parsed.truncated) return setState({ step: 'local-error', message: t('tooManyRows') })
    const [header, ...rows] = parsed.records
    if (header) setPreview({ header: header.cells, rows: rows.slice(0, 5) })
    await run(f, false)
  }

  const running = state.step === 'running'
  return (
    <section aria-labelledby={`${id}-title`} className="mb-6 rounded-lg border border-indigo-200 bg-white p-5 shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {t('title')}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('lead')}</p>
        </div>
        <Button variant="ghost" onClick={onClose} disabled={running}>
          {t('close')}
        </Button>
      </div>
      <div className="mt-4 flex flex-wrap items-end gap-4">
        <div className="space-y-1.5">
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            {t('file')}
          </label>
          <input
            ref={inputRef}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            disabled={running}
            onChange={(e) => void choose(e.currentTarget.files?.[0] ?? null)}
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
          />
        </div>
        <a href={TEMPLATE} download="touchpoints-template.csv" className="pb-2 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
          {t('template')}
        </a>
      </div>
      <details className="mt-3 text-sm text-slate-600">
        <summary className="cursor-pointer font-medium text-slate-700">{t('columnsTitle')}</summary>
        <p className="mt-2 max-w-4xl leading-6">{t('columnsBody')}</p>
      </details>

      {preview && file && (
        <div className="mt-4">
          <h3 className="text-sm font-semibold text-slate-800">{t('preview', { name: file.name })}</h3>
          <div className="mt-2 max-h-56 overflow-auto rounded border border-slate-200">
            <table className="min-w-full text-xs">
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-2 py-1.5 font-semibold text-slate-600">
                    {t('line')}
                  </th>
                  {preview.header.map((h, i) => (
                    <th key={i} scope="col" className="whitespace-nowrap px-2 py-1.5 font-semibold text-slate-700">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.line} className="border-t border-slate-100">
                    <td className="px-2 py-1 tabular-nums text-slate-500">{r.line}</td>
                    {preview.header.map((_, i) => (
                      <td key={i} className="max-w-48 truncate px-2 py-1 text-slate-800" title={r.cells[i]}>
                        {r.cells[i]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      <div className="mt-4 space-y-3" aria-live="polite">
        {state.step === 'running' && (
          <div>
            <div
              role="progressbar"
              aria-label={t('progress')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(state.progress.percent)}
              aria-valuetext={t(`phase.${state.progress.phase}`, { done: state.progress.done, total: state.progress.total })}
              className="h-2 overflow-hidden rounded-full bg-slate-100"
            >
              <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-200" style={{ width: `${Math.max(3, state.progress.percent)}%` }} />
            </div>
            <p className="mt-1 text-xs text-slate-600">{t(`phase.${state.progress.phase}`, { done: state.progress.done, total: state.progress.total })}</p>
          </div>
        )}
        {(state.step === 'local-error' || state.step === 'failed') && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.step === 'failed' ? t('failed', { reason: state.message }) : state.message}
          </p>
        )}
        {state.step === 'errors' && (
          <ImportErrors
            errors={state.errors}
            more={state.more}
            testId="import-errors"
            labels={{ title: t('errorsTitle', { count: state.errors.length + state.more }), line: t('line'), column: t('column'), reason: t('reason'), more: t('moreErrors', { count: state.more }) }}
          />
        )}
        {state.step === 'ready' && file && (
          <div className="flex flex-wrap items-center gap-3 rounded-md bg-emerald-50 p-3">
            <p className="text-sm text-emerald-900">{t('ready', { create: state.summary.create, update: state.summary.update, placements: state.summary.placements, rows: state.summary.rows })}</p>
            <Button onClick={() => void run(file, true)}>{t('commit', { count: state.summary.touchpoints })}</Button>
          </div>
        )}
        {state.step === 'done' && (
          <div className="flex flex-wrap items-center gap-3">
            <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
              {t('done', { create: state.summary.create, update: state.summary.update, placements: state.summary.placements })}
            </p>
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={() => {
                if (inputRef.current) inputRef.current.value = ''
                void choose(null)
              }}
            >
              {t('chooseAnother')}
            </button>
          </div>
        )}
      </div>
    </section>
  )
}
