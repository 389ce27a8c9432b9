'use client'

import { useTranslations } from 'next-intl'
import { useId, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { INTERACTION_FIELDS, MAX_IMPORT_BYTES, REQUIRED_FIELDS, type InteractionField, type InteractionFormat, type Mapping } from '@/lib/interactions/model'

type Preview = { columns: string[]; rows: Record<string, string>[]; mapping: Mapping; remembered: boolean; rowCount: number }
type State = { step: 'idle' } | { step: 'busy' } | { step: 'preview'; preview: Preview } | { step: 'started'; rows: number } | { step: 'failed'; message: string; fields?: Record<string, string[]> }

async function send(url: string, file: File): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  try {
    const res = await fetch(url, { method: 'POST', body: file, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    return { ok: res.ok, body: (await res.json().catch(() => ({}))) as Record<string, unknown> }
  } catch {
    return { ok: false, body: { error: 'the connection was lost' } }
  }
}

/** Upload an export of interactions: a preview with the column of each field (remembered per source), then the import in the background. */
export function InteractionImportPanel({ workspaceId, sources }: { workspaceId: string; sources: string[] }) {
  const t = useTranslations('interactions.import')
  const id = useId()
  const fileRef = useRef<HTMLInputElement>(null)
  const [source, setSource] = useState(sources[0] ?? '')
  const [file, setFile] = useState<File | null>(null)
  const [mapping, setMapping] = useState<Mapping>({})
  const [state, setState] = useState<State>({ step: 'idle' })
  const format: InteractionFormat = file && /\.(jsonl|ndjson|json)$/i.test(file.name) ? 'jsonl' : 'csv'
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/interactions/imports`

  async function preview(f: File | null, src = source) {
    setFile(f)
    if (!f) return setState({ step: 'idle' })
    if (!src.trim()) return setState({ step: 'failed', message: t('needSource') })
    if (f.size > MAX_IMPORT_BYTES) return setState({ step: 'failed', message: t('tooLarge') })
    setState({ step: 'busy' })
    const fmt = /\.(jsonl|ndjson|json)$/i.test(f.name) ? 'jsonl' : 'csv'
    // The preview needs only the start of the file.
    const head = f.slice(0, 256 * 1024)
    const r = await send(`${base}?${new URLSearchParams({ source: src, format: fmt, preview: '1' })}`, new File([head], f.name))
    if (!r.ok) return setState({ step: 'failed', message: String(r.body.error ?? 'failed'), fields: r.body.fieldErrors as Record<string, string[]> | undefined })
    const p = r.body as unknown as Preview
    setMapping(p.mapping)
    setState({ step: 'preview', preview: p })
  }

  async function start() {
    if (!file) return
    setState({ step: 'busy' })
    const r = await send(`${base}?${new URLSearchParams({ source, format, file: file.name, mapping: JSON.stringify(mapping) })}`, file)
    if (!r.ok) return setState({ step: 'failed', message: String(r.body.error ?? 'failed'), fields: r.body.fieldErrors as Record<string, string[]> | undefined })
    setState({ step: 'started', rows: Number(r.body.rows ?? 0) })
    setFile(null)
    if (fileRef.current) fileRef.current.value = ''
  }

  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f])
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor={`${id}-source`} className="block text-sm font-medium text-slate-800">
            {t('source')}
          </label>
          <input
            id={`${id}-source`}
            list={`${id}-sources`}
            value={source}
            onChange={(e) => setSource(e.target.value)}
            onBlur={() => file && void preview(file)}
            maxLength={60}
            placeholder={t('sourcePlaceholder')}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-indigo-600"
          />
          <datalist id={`${id}-sources`}>
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <p className="text-xs text-slate-500">{t('sourceHint')}</p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            {t('file')}
          </label>
          <input
            ref={fileRef}
            id={`${id}-file`}
            type="file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            disabled={state.step === 'busy'}
            onChange={(e) => void preview(e.currentTarget.files?.[0] ?? null)}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
          />
        </div>
      </div>
      <div aria-live="polite" className="space-y-3">
        {state.step === 'busy' && <p className="text-sm text-slate-600">{t('working')}</p>}
        {state.step === 'failed' && (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            <p>{t('failed', { reason: state.message })}</p>
            {state.fields && (
              <ul className="mt-1 list-disc pl-5">
                {Object.values(state.fields).flat().map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {state.step === 'started' && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {t('started', { rows: state.rows })}
          </p>
        )}
        {state.step === 'preview' && (
          <>
            <p className="text-sm text-slate-700">{state.preview.remembered ? t('remembered', { source }) : t('guessed')}</p>
            <fieldset className="grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-5">
              <legend className="sr-only">{t('mapping')}</legend>
              {INTERACTION_FIELDS.map((f: InteractionField) => (
                <label key={f} className="text-sm text-slate-800">
                  <span className="block font-medium">
                    {t(`fields.${f}`)}
                    {REQUIRED_FIELDS.includes(f) ? ' *' : ''}
                  </span>
                  <select
                    value={mapping[f] ?? ''}
                    onChange={(e) => setMapping((m) => ({ ...m, [f]: e.target.value || undefined }))}
                    className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-indigo-600"
                  >
                    <option value="">{REQUIRED_FIELDS.includes(f) ? t('choose') : t('none')}</option>
                    {state.preview.columns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </fieldset>
            <div className="relative max-h-56 overflow-auto rounded border border-slate-200" tabIndex={0} aria-label={t('preview')}>
              <table className="min-w-full text-xs">
                <thead className="bg-slate-50 text-left">
                  <tr>
                    {state.preview.columns.map((c) => (
                      <th key={c} scope="col" className="whitespace-nowrap px-2 py-1.5 font-semibold text-slate-700">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {state.preview.rows.map((r, i) => (
                    <tr key={i} className="border-t border-slate-100">
                      {state.preview.columns.map((c) => (
                        <td key={c} className="max-w-48 truncate px-2 py-1 text-slate-800" title={r[c]}>
                          {r[c]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Button onClick={() => void start()} disabled={missing.length > 0}>
              {t('start')}
            </Button>
            {missing.length > 0 && <p className="text-xs text-slate-600">{t('missing', { fields: missing.map((f) => t(`fields.${f}`)).join(', ') })}</p>}
          </>
        )}
      </div>
    </div>
  )
}
