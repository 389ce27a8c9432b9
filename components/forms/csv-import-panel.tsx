'use client'

import { useTranslations } from 'next-intl'
import { useId, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { MAX_IMPORT_BYTES } from '@/lib/catalog/columns'
import { ImportErrors } from '@/components/forms/import-errors'

type Progress = { phase: 'validate' | 'write'; done: number; total: number }
export type ImportError = { line: number; column: string; reason: string }
/** What every CSV import answers (lib/catalog, lib/insights, lib/metrics): a preview of the first rows and the columns read; the rest is the importer's own counts. */
export type ImportSummary = { columns: string[]; preview: { line: number; values: Record<string, string | undefined> }[] } & Record<string, unknown>
type ImportResult = { ok: true; committed: boolean; summary: ImportSummary } | { ok: false; errors: ImportError[]; moreErrors: number; summary: ImportSummary | null }
type State =
  | { step: 'idle' }
  | { step: 'running'; commit: boolean; progress: Progress | null }
  | { step: 'errors'; errors: ImportError[]; more: number }
  | { step: 'ready'; summary: ImportSummary }
  | { step: 'done'; summary: ImportSummary }
  | { step: 'failed'; message: string }

/** Reads the import route's NDJSON answer as it streams (progress events, then the result). */
async function runImport(url: string, file: File, onProgress: (p: Progress) => void): Promise<ImportResult | { failed: string }> {
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', body: file, headers: { 'content-type': 'text/csv; charset=utf-8' } })
  } catch {
    return { failed: 'the connection was lost' }
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null
    return { failed: body?.error ?? `HTTP ${res.status}` }
  }
  const reader = res.body.getReader()
  const dec = new TextDecoder()
  let buf = ''
  let result: ImportResult | { failed: string } = { failed: 'no answer' }
  for (;;) {
    const { done, value } = await reader.read()
    if (value) buf += dec.decode(value, { stream: true })
    let nl = buf.indexOf('\n')
    while (nl >= 0) {
      const line = buf.slice(0, nl).trim()
      buf = buf.slice(nl + 1)
      nl = buf.indexOf('\n')
      if (!line) continue
      const ev = JSON.parse(line) as { type: string; error?: string } & Progress & ImportResult
      if (ev.type === 'progress') onProgress({ phase: ev.phase, done: ev.done, total: ev.total })
      else if (ev.type === 'result') result = ev
      else if (ev.type === 'failed') result = { failed: ev.error ?? '' }
    }
    if (done) break
  }
  return result
}

export type CsvImportProps = {
  /** The import route (POST the file; `?commit=0` checks, `?commit=1` writes): lib/http/csv-import-route.ts. */
  url: string
  /**
   * The messages of this import: title, lead, close, file, template,
   * columnsTitle, columnsBody, progress, checking, writing, tooLarge, failed,
   * errorsTitle, moreErrors, line, column, reason, preview, ready, commit, done
   * (ready, commit and done get `count` and the summary's other numbers).
   */
  messages: string
  /** The summary's number that ready, commit and done count ("insights", "values"). */
  countKey: string
  template: { href: string; filename: string }
  testId: string
  onImported: () => void
  onClose?: () => void
}

/** A CSV import: check (preview and per-row errors with line and column), then write all or nothing, with a progress bar. */
export function CsvImportPanel({ url, messages, countKey, template, testId, onImported, onClose }: CsvImportProps) {
  const t = useTranslations(messages as 'insights.import')
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [state, setState] = useState<State>({ step: 'idle' })

  async function run(f: File, commit: boolean) {
    setState({ step: 'running', commit, progress: null })
    const r = await runImport(`${url}?commit=${commit ? 1 : 0}`, f, (progress) => setState({ step: 'running', commit, progress }))
    if ('failed' in r) return setState({ step: 'failed', message: r.failed })
    if (!r.ok) {
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
    if (!f) return setState({ step: 'idle' })
    if (f.size > MAX_IMPORT_BYTES) return setState({ step: 'failed', message: t('tooLarge') })
    await run(f, false)
  }

  // The summary's numbers, with the counted one as `count`, for the ready, commit and done messages.
  const counts = (s: ImportSummary) => ({ ...Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === 'number')), count: Number(s[countKey] ?? 0) })
  const percent = state.step === 'running' && state.progress ? (state.progress.phase === 'validate' ? 0 : 60) + (state.progress.total ? (state.progress.done / state.progress.total) * (state.progress.phase === 'validate' ? 60 : 40) : 0) : 5
  return (
    <section aria-labelledby={`${id}-title`} className="mb-6 rounded-lg border border-indigo-200 bg-white p-5 shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {t('title')}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('lead')}</p>
        </div>
        {onClose && (
          <Button variant="ghost" onClick={onClose} disabled={state.step === 'running'}>
            {t('close')}
          </Button>
        )}
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
            disabled={state.step === 'running'}
            onChange={(e) => void choose(e.currentTarget.files?.[0] ?? null)}
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
          />
        </div>
        <a href={template.href} download={template.filename} className="pb-2 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
          {t('template')}
        </a>
      </div>
      <details className="mt-3 text-sm text-slate-600">
        <summary className="cursor-pointer font-medium text-slate-700">{t('columnsTitle')}</summary>
        <p className="mt-2 max-w-4xl leading-6">{t('columnsBody')}</p>
      </details>
      <div className="mt-4 space-y-3" aria-live="polite">
        {state.step === 'running' && (
          <div>
            <div role="progressbar" aria-label={t('progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} className="h-2 overflow-hidden rounded-full bg-slate-100">
              <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-200" style={{ width: `${Math.max(3, percent)}%` }} />
            </div>
            <p className="mt-1 text-xs text-slate-600">{state.commit ? t('writing') : t('checking')}</p>
          </div>
        )}
        {state.step === 'failed' && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {t('failed', { reason: state.message })}
          </p>
        )}
        {state.step === 'errors' && (
          <ImportErrors
            errors={state.errors}
            more={state.more}
            testId={testId}
            labels={{ title: t('errorsTitle', { count: state.errors.length + state.more }), line: t('line'), column: t('column'), reason: t('reason'), more: t('moreErrors', { count: state.more }) }}
          />
        )}
        {(state.step === 'ready' || state.step === 'done') && state.summary.preview.length > 0 && (
          <div>
            <h3 className="text-sm font-semibold text-slate-800">{t('preview', { name: file?.name ?? '' })}</h3>
            <div className="mt-2 max-h-56 overflow-auto rounded border border-slate-200">
              <table className="min-w-full text-xs">
                <thead className="bg-slate-50 text-left">
                  <tr>
                    <th scope="col" className="px-2 py-1.5 font-semibold text-slate-600">{t('line')}</th>
                    {state.summary.columns.map((c) => (
                      <th key={c} scope="col" className="whitespace-nowrap px-2 py-1.5 font-semibold text-slate-700">{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {state.summary.preview.map((r) => (
                    <tr key={r.line} className="border-t border-slate-100">
                      <td className="px-2 py-1 tabular-nums text-slate-500">{r.line}</td>
                      {state.summary.columns.map((c) => (
                        <td key={c} className="max-w-48 truncate px-2 py-1 text-slate-800" title={r.values[c]}>{r.values[c]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
        {state.step === 'ready' && file && (
          <div className="flex flex-wrap items-center gap-3 rounded-md bg-emerald-50 p-3">
            <p className="text-sm text-emerald-900">{t('ready', counts(state.summary) as { count: number; linked: number })}</p>
            <Button onClick={() => void run(file, true)}>{t('commit', counts(state.summary) as { count: number })}</Button>
          </div>
        )}
        {state.step === 'done' && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {t('done', counts(state.summary) as { count: number })}
          </p>
        )}
      </div>
    </section>
  )
}
