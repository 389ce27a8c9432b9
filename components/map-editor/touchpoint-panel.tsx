'use client'

import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { useEffect, useId, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { removePlacement, updateTouchpoint, type MapSnapshot, type Touchpoint } from '@/lib/maps/doc-schema'
import { CONTROLS, OWNERSHIPS, TEXT_FIELDS, TOUCHPOINT_KINDS, type TouchpointFields } from '@/lib/maps/model'
import { KIND_TONE, KindIcon } from './icons'
import { beginsWord, isUnowned, validateField, type FieldName, type TouchpointLookup } from './logic'
import type { Editor } from './presence'
import type { EditorHistory } from './undo'

type Props = {
  placementId: string
  map: MapSnapshot
  catalog: TouchpointLookup
  canEdit: boolean
  /**
   * May set the owner fields ('touchpoints.assign'). The server drops catalog
   * updates from anyone else that touch them (realtime/owner-guard.ts), so for
   * others they are shown as text, never as controls that would diverge.
   */
  canAssign: boolean
  workspaceSlug: string
  history: EditorHistory
  mapDoc: Y.Doc
  catalogDoc: Y.Doc
  me: { id: string; name: string }
  members: { userId: string; name: string }[]
  departments: { id: string; name: string }[]
  others: Editor[]
  onClose: () => void
  announce: (text: string) => void
  /** Whether the catalog document has synced (before, the details are not there to edit yet). */
  catalogReady: boolean
  /** A field to put the focus in when the panel opens (e.g. the description of a touchpoint just created). */
  focusField?: FieldName
}

const control =
  'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600 disabled:bg-slate-50 disabled:text-slate-700'

/** Scrolls the map so the card being edited stays in view to the left of the side panel (when the map can scroll that far). */
function keepCardBesidePanel(placementId: string, panel: HTMLElement) {
  const card = document.querySelector<HTMLElement>(`[data-placement="${CSS.escape(placementId)}"]`)
  const grid = document.getElementById('map-grid')
  if (!card || !grid) return
  const gap = 16
  const covered = card.getBoundingClientRect().right - (panel.getBoundingClientRect().left - gap)
  if (covered > 0 && panel.getBoundingClientRect().left > card.getBoundingClientRect().width + gap) grid.scrollLeft += covered
}

/** A modal side panel (native <dialog>: focus kept inside, Escape closes) that edits every field of one touchpoint. */
export function TouchpointPanel(props: Props) {
  const focusField = props.focusField
  const t = useTranslations('mapEditor')
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const placement = props.map.placements.find((p) => p.id === props.placementId)
  const tp = placement ? props.catalog.get(placement.touchpointId) : undefined

  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    if (focusField) d?.querySelector<HTMLElement>(`[data-field="${focusField}"]`)?.focus()
    if (d) keepCardBesidePanel(props.placementId, d)
    return () => d?.close()
  }, [focusField, props.placementId])

  /** `typed`: the value before this keystroke, for a text field's live typing (undo groups it per word or pause). */
  const save = <K extends FieldName>(name: K, value: TouchpointFields[K], typed?: { prev: string }) => {
    if (!tp || !props.canEdit) return
    if ((name === 'ownerUserId' || name === 'ownerDepartmentId') && !props.canAssign) return
    const typing = typed ? { key: `${tp.id}:${name}`, newWord: beginsWord(typed.prev, String(value)) } : undefined
    props.history.act(({ catalog }) => catalog(() => updateTouchpoint(props.catalogDoc, tp.id, { [name]: value } as Partial<TouchpointFields>, props.me.id)), { typing })
  }
  const endTyping = () => props.history.endTyping()

  const stage = placement && props.map.stages.find((s) => s.id === placement.stageId)
  const segment = placement && props.map.segments.find((s) => s.id === placement.segmentId)
  const ro = !props.canEdit
  const assign = props.canEdit && props.canAssign

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes.
        if (e.target === ref.current) props.onClose()
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-xl overflow-y-auto border-l border-slate-200 bg-white p-0 shadow-2xl backdrop:bg-slate-900/30"
    >
      <div className="sticky top-0 z-10 flex items-start justify-between gap-3 border-b border-slate-200 bg-white px-5 py-4">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('panel.title')}</p>
          <h2 id={titleId} className="mt-0.5 flex items-center gap-2 text-lg font-semibold text-slate-900">
            {tp && (
              <span className={`inline-flex h-7 w-7 shrink-0 items-center justify-center rounded border ${KIND_TONE[tp.kind]}`}>
                <KindIcon kind={tp.kind} />
              </span>
            )}
            <span className="min-w-0 break-words">{tp?.name ?? t('panel.gone')}</span>
          </h2>
          {stage && segment && (
            <p className="mt-0.5 text-sm text-slate-600">
              {stage.name} · {segment.name}
            </p>
          )}
          {tp && (
            <p className="mt-1 text-sm">
              <Link
                href={`/w/${props.workspaceSlug}/touchpoints/${tp.id}`}
                className="rounded font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                {t('panel.openPage')}
              </Link>
            </p>
          )}
          {props.others.length > 0 && (
            <p className="mt-1 text-xs font-medium" style={{ color: props.others[0]!.colour }}>
              {t('panel.editedBy', { names: props.others.map((o) => o.name).join(', ') })}
            </p>
          )}
        </div>
        <button
          type="button"
          onClick={props.onClose}
          className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          {t('panel.close')}
        </button>
      </div>

      {!props.catalogReady && placement ? (
        <p role="status" className="px-5 py-6 text-sm text-slate-700">
          {t('panel.loading')}
        </p>
      ) : !tp || !placement ? (
        <p className="px-5 py-6 text-sm text-slate-700">{t('panel.gone')}</p>
      ) : (
        <div className="space-y-6 px-5 py-5">
          {ro && <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{t('panel.readOnly')}</p>}

          <Section title={t('panel.sectionBasics')}>
            <TextInput tp={tp} name="name" label={t('panel.name')} max={120} readOnly={ro} onSave={save} onEndTyping={endTyping} />
            <TextInput tp={tp} name="description" label={t('panel.description')} max={TEXT_FIELDS.description} multiline readOnly={ro} onSave={save} onEndTyping={endTyping} />
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectInput tp={tp} name="kind" label={t('panel.kind')} readOnly={ro} onSave={save} options={TOUCHPOINT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} hint={(TOUCHPOINT_KINDS as readonly string[]).includes(tp.kind) ? t(`kindHelp.${tp.kind}`) : undefined} />
              <SelectInput tp={tp} name="ownership" label={t('panel.ownership')} readOnly={ro} onSave={save} options={OWNERSHIPS.map((k) => ({ value: k, label: t(`ownerships.${k}`) }))} />
              <SelectInput tp={tp} name="control" label={t('panel.control')} readOnly={ro} onSave={save} options={CONTROLS.map((k) => ({ value: k, label: t(`controls.${k}`) }))} />
              <TextInput tp={tp} name="channel" label={t('panel.channel')} max={TEXT_FIELDS.channel} readOnly={ro} onSave={save} onEndTyping={endTyping} />
            </div>
            <label className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                checked={tp.onsitePage}
                disabled={ro}
                onChange={(e) => save('onsitePage', e.target.checked)}
                className="mt-0.5 h-4 w-4 rounded border-slate-400 accent-indigo-700 focus:outline-2 focus:outline-indigo-600"
              />
              {t('panel.onsitePage')}
            </label>
          </Section>

          <Section title={t('panel.sectionOwner')}>
            {assign ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <SelectInput
                  tp={tp}
                  name="ownerUserId"
                  label={t('panel.ownerUserId')}
                  readOnly={false}
                  onSave={save}
                  options={[{ value: '', label: t('panel.nobody') }, ...props.members.map((m) => ({ value: m.userId, label: m.name }))]}
                />
                <SelectInput
                  tp={tp}
                  name="ownerDepartmentId"
                  label={t('panel.ownerDepartmentId')}
                  readOnly={false}
                  onSave={save}
                  options={[{ value: '', label: t('panel.nobody') }, ...props.departments.map((d) => ({ value: d.id, label: d.name }))]}
                />
              </div>
            ) : (
              <div className="space-y-2" data-testid="panel-owner">
                <dl className="grid gap-4 sm:grid-cols-2">
                  <OwnerText label={t('panel.ownerUserId')} id={tp.ownerUserId} names={props.members.map((m) => [m.userId, m.name] as const)} nobody={t('panel.nobody')} unknown={t('panel.ownerUnknown')} />
                  <OwnerText label={t('panel.ownerDepartmentId')} id={tp.ownerDepartmentId} names={props.departments.map((d) => [d.id, d.name] as const)} nobody={t('panel.nobody')} unknown={t('panel.ownerUnknown')} />
                </dl>
                {props.canEdit && <p className="text-xs text-slate-600">{t('panel.ownerReadOnly')}</p>}
              </div>
            )}
            {isUnowned(tp) && <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t('panel.noOwner')}</p>}
            <TextInput tp={tp} name="supportingProcesses" label={t('panel.supportingProcesses')} max={TEXT_FIELDS.supportingProcesses} multiline readOnly={ro} onSave={save} onEndTyping={endTyping} />
            <TextInput tp={tp} name="supportingPeople" label={t('panel.supportingPeople')} max={TEXT_FIELDS.supportingPeople} multiline readOnly={ro} onSave={save} onEndTyping={endTyping} />
          </Section>

          <Section title={t('panel.sectionDetail')}>
            {(['interactions', 'peopleMet', 'desiredOutcome', 'dataGenerated', 'customerDataUsed', 'optimalExperience'] as const).map((f) => (
              <TextInput key={f} tp={tp} name={f} label={t(`panel.${f}`)} max={TEXT_FIELDS[f]} multiline readOnly={ro} onSave={save} onEndTyping={endTyping} />
            ))}
          </Section>

          <Section title={t('panel.sectionHappens')}>
            {(['promises', 'emotions', 'dataCaptured', 'procedures'] as const).map((f) => (
              <TextInput key={f} tp={tp} name={f} label={t(`panel.${f}`)} max={TEXT_FIELDS[f]} multiline readOnly={ro} onSave={save} onEndTyping={endTyping} />
            ))}
          </Section>

          <Section title={t('panel.sectionStatus')}>
            <p className="text-sm text-slate-700" data-status={tp.status}>
              {tp.status === 'retired' ? t('panel.retired') : t('panel.active')}
            </p>
            {!ro && (
              <div className="flex flex-wrap gap-2">
                {tp.status === 'retired' ? (
                  <button type="button" onClick={() => save('status', 'active')} className={secondary}>
                    {t('panel.restore')}
                  </button>
                ) : (
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('panel.retireConfirm', { name: tp.name }))) save('status', 'retired')
                    }}
                    className={secondary}
                  >
                    {t('panel.retire')}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => {
                    props.history.act(({ map }) => map(() => removePlacement(props.mapDoc, placement.id)))
                    props.announce(t('panel.removed', { name: tp.name }))
                    props.onClose()
                  }}
                  className="inline-flex items-center rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600"
                >
                  {t('panel.removeFromCell')}
                </button>
              </div>
            )}
            {!ro && <p className="text-xs text-slate-600">{t('panel.removeHint')}</p>}
          </Section>
        </div>
      )}
    </dialog>
  )
}

const secondary =
  'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600'

/** An owner field shown as text (for people who may not assign owners). */
function OwnerText({ label, id, names, nobody, unknown }: { label: string; id: string | null; names: (readonly [string, string])[]; nobody: string; unknown: string }) {
  const name = id ? (names.find(([k]) => k === id)?.[1] ?? unknown) : nobody
  return (
    <div className="space-y-1">
      <dt className="text-sm font-medium text-slate-800">{label}</dt>
      <dd className={`text-sm ${id ? 'text-slate-900' : 'text-slate-600'}`}>{name}</dd>
    </div>
  )
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
      {children}
    </fieldset>
  )
}

type TextName = 'name' | keyof typeof TEXT_FIELDS

type SaveField = <K extends FieldName>(name: K, value: TouchpointFields[K], typed?: { prev: string }) => void

/**
 * A text field that is live as it is typed: each valid change leaves the
 * browser on the next animation frame (keystrokes within one frame are sent
 * together), so co-editors see the words arrive as they are written. An
 * invalid value (too long) is shown with its error and not sent.
 */
function TextInput({
  tp,
  name,
  label,
  max,
  multiline = false,
  readOnly,
  onSave,
  onEndTyping,
}: {
  tp: Touchpoint
  name: TextName
  label: string
  max: number
  multiline?: boolean
  readOnly: boolean
  onSave: SaveField
  onEndTyping: () => void
}) {
  const t = useTranslations('mapEditor.panel')
  const id = useId()
  const live = String(tp[name] ?? '')
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const frame = useRef<number | null>(null)
  const value = draft ?? live
  // What this browser last sent (the base of the next keystroke's undo grouping), and what waits for the next frame.
  const sent = useRef(live)
  const pending = useRef<string | null>(null)

  const send = (v: string, typed: boolean) => {
    const r = validateField(name, v)
    if (!r.ok) {
      setError(r.error)
      return false
    }
    setError(null)
    if (r.value !== sent.current || r.value !== live) onSave(name, r.value, typed ? { prev: sent.current } : undefined)
    sent.current = r.value
    return true
  }
  const flush = () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current)
    frame.current = null
    const v = pending.current
    pending.current = null
    if (v !== null) send(v, true)
  }
  // Leaving the panel (Escape, Close) sends what was typed last, when valid.
  const flushRef = useRef(flush)
  useEffect(() => {
    flushRef.current = flush
  })
  useEffect(() => () => flushRef.current(), [])

  const finish = () => {
    flush()
    onEndTyping()
    if (draft !== null && validateField(name, draft).ok) setDraft(null)
  }

  const common = {
    id,
    value,
    readOnly,
    'data-field': name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-meta`,
    onFocus: () => {
      sent.current = live
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const v = e.target.value
      setDraft(v)
      const r = validateField(name, v)
      setError(r.ok ? null : r.error)
      pending.current = v
      if (frame.current === null) frame.current = requestAnimationFrame(flush)
    },
    onBlur: finish,
    className: `${control} ${error ? 'border-red-500' : 'border-slate-300'}`,
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {multiline ? (
        <textarea rows={name === 'description' || name === 'optimalExperience' ? 3 : 2} {...common} />
      ) : (
        <input
          type="text"
          {...common}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              finish()
            }
          }}
        />
      )}
      <div id={`${id}-meta`} className="flex justify-between gap-2 text-xs">
        {error ? (
          <span className="text-red-700" role="alert">
            {value.length > max ? t('tooLong', { max }) : error} {t('notSaved')}
          </span>
        ) : (
          <span />
        )}
        {!readOnly && (
          <span className={value.length > max ? 'text-red-700' : 'text-slate-500'}>{t('chars', { count: value.length, max })}</span>
        )}
      </div>
    </div>
  )
}

function SelectInput({
  tp,
  name,
  label,
  options,
  readOnly,
  onSave,
  hint,
}: {
  tp: Touchpoint
  name: 'kind' | 'ownership' | 'control' | 'ownerUserId' | 'ownerDepartmentId'
  label: string
  options: { value: string; label: string }[]
  readOnly: boolean
  /** What the chosen option means, under the select (option texts stay short, so none is cut). */
  hint?: string
  onSave: <K extends FieldName>(name: K, value: TouchpointFields[K]) => void
}) {
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  const live = (tp[name] as string | null) ?? ''
  const known = options.some((o) => o.value === live)
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        value={live}
        disabled={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          const raw = e.target.value
          const v = (name === 'ownerUserId' || name === 'ownerDepartmentId') && raw === '' ? null : raw
          const r = validateField(name, v)
          if (!r.ok) return setError(r.error)
          setError(null)
          onSave(name, r.value)
        }}
        className={`${control} ${error ? 'border-red-500' : 'border-slate-300'}`}
      >
        {!known && <option value={live}>{live}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  )
}
