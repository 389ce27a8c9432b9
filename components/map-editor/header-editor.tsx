'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useId, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { applyPersona, moveStageOrSegment, removeStageOrSegment, updateSegment, updateStage, type MapSnapshot } from '@/lib/maps/doc-schema'
import { segmentSchema, stageSchema, STRATEGIC_GOALS, type StrategicGoal } from '@/lib/maps/model'
import { parseWhole } from './logic'
import { PersonaLink } from './persona-link'
import type { EditorHistory } from './undo'

export type HeaderEditTarget = { which: 'stages' | 'segments'; id: string; isNew?: boolean }

const control =
  'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600 disabled:bg-slate-50 disabled:text-slate-700'
const button =
  'inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-400'

/** A dialog that edits one stage (column) or segment (row): its fields, its position, and removal (confirmed). */
/** Where the map lives, for the persona library (rows only). */
export type HeaderEditorPlace = { workspaceId: string; workspaceSlug: string; mapId: string; canManagePersonas: boolean }

export function HeaderEditor({
  target,
  map,
  canEdit,
  history,
  mapDoc,
  place,
  onClose,
}: {
  target: HeaderEditTarget
  map: MapSnapshot
  canEdit: boolean
  history: EditorHistory
  mapDoc: Y.Doc
  place: HeaderEditorPlace
  onClose: () => void
}) {
  const t = useTranslations('mapEditor')
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [confirming, setConfirming] = useState(false)
  const isStage = target.which === 'stages'
  const list = isStage ? map.stages : map.segments
  const index = list.findIndex((x) => x.id === target.id)
  const item = list[index]
  const cards = map.placements.filter((p) => (isStage ? p.stageId : p.segmentId) === target.id).length

  useEffect(() => {
    const d = ref.current
    const opener = document.activeElement as HTMLElement | null
    if (d && !d.open) d.showModal()
    if (target.isNew) d?.querySelector<HTMLInputElement>('input[name="name"]')?.select()
    return () => {
      d?.close()
      opener?.focus()
    }
  }, [target.isNew])

  const write = (fields: Record<string, unknown>) =>
    history.act(({ map: m }) => m(() => (isStage ? updateStage(mapDoc, target.id, fields) : updateSegment(mapDoc, target.id, fields))))
  const move = (to: number) => history.act(({ map: m }) => m(() => moveStageOrSegment(mapDoc, target.which, target.id, to)))
  const ro = !canEdit

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      className="m-auto w-full max-w-lg rounded-xl border border-slate-200 bg-white p-0 shadow-2xl backdrop:bg-slate-900/30"
    >
      <div className="border-b border-slate-200 px-5 py-4">
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{isStage ? t('header.stageTitle') : t('header.segmentTitle')}</p>
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {item?.name ?? '—'}
        </h2>
        {item && <p className="text-xs text-slate-600">{t('header.position', { position: index + 1, count: list.length })}</p>}
      </div>
      {!item ? (
        <p className="px-5 py-4 text-sm text-slate-700">{t('panel.gone')}</p>
      ) : (
        <div className="space-y-4 px-5 py-4">
          <Text
            key={`${item.id}-name`}
            name="name"
            label={t('header.name')}
            live={item.name}
            readOnly={ro || ('personaId' in item && Boolean(item.personaId))}
            validate={(v) => (isStage ? stageSchema.shape.name : segmentSchema.shape.name).safeParse(v)}
            onSave={(v) => write({ name: v })}
          />
          {'weight' in item ? (
            <>
              <Text key={`${item.id}-d`} name="description" multiline label={t('header.description')} live={item.description} readOnly={ro} validate={(v) => stageSchema.shape.description.safeParse(v)} onSave={(v) => write({ description: v })} />
              <Text
                key={`${item.id}-w`}
                name="weight"
                type="number"
                label={t('header.weight')}
                hint={t('header.weightHint')}
                live={String(item.weight)}
                readOnly={ro}
                validate={(v) => stageSchema.shape.weight.safeParse(parseWhole(v))}
                onSave={(v) => write({ weight: v })}
              />
            </>
          ) : (
            <>
              <PersonaLink
                workspaceId={place.workspaceId}
                workspaceSlug={place.workspaceSlug}
                mapId={place.mapId}
                segmentId={item.id}
                personaId={item.personaId}
                canEdit={canEdit}
                canManage={place.canManagePersonas}
                onLink={(persona) => history.act(({ map: m }) => m(() => applyPersona(mapDoc, item.id, persona)))}
              />
              <Text key={`${item.id}-p`} name="profile" multiline label={t('header.profile')} live={item.profile} readOnly={ro || Boolean(item.personaId)} validate={(v) => segmentSchema.shape.profile.safeParse(v)} onSave={(v) => write({ profile: v })} />
              <div className="grid gap-4 sm:grid-cols-2">
                <GoalSelect value={item.goal} readOnly={ro || Boolean(item.personaId)} label={t('header.goal')} onSave={(goal) => write({ goal })} />
                <Text
                  key={`${item.id}-pr`}
                  name="priority"
                  type="number"
                  label={t('header.priority')}
                  live={String(item.priority)}
                  readOnly={ro || Boolean(item.personaId)}
                  validate={(v) => segmentSchema.shape.priority.safeParse(parseWhole(v))}
                  onSave={(v) => write({ priority: v })}
                />
              </div>
            </>
          )}
          {canEdit && (
            <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
              <button type="button" className={button} disabled={index === 0} onClick={() => move(index - 1)}>
                {isStage ? `← ${t('header.moveLeft')}` : `↑ ${t('header.moveUp')}`}
              </button>
              <button type="button" className={button} disabled={index === list.length - 1} onClick={() => move(index + 1)}>
                {isStage ? `${t('header.moveRight')} →` : `${t('header.moveDown')} ↓`}
              </button>
              <button type="button" className={`${button} ml-auto border-red-300 text-red-800 hover:bg-red-50`} onClick={() => setConfirming(true)}>
                {t('header.remove')}
              </button>
            </div>
          )}
          {confirming && (
            <div role="alertdialog" aria-labelledby={`${titleId}-confirm`} className="rounded-md border border-red-200 bg-red-50 p-3">
              <p id={`${titleId}-confirm`} className="text-sm text-red-900">
                {t(isStage ? 'header.removeStageConfirm' : 'header.removeSegmentConfirm', { name: item.name, count: cards })}
              </p>
              <div className="mt-2 flex gap-2">
                <button
                  type="button"
                  autoFocus
                  className="inline-flex items-center rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600"
                  onClick={() => {
                    history.act(({ map: m }) => m(() => removeStageOrSegment(mapDoc, target.which, target.id)))
                    onClose()
                  }}
                >
                  {t('header.confirmRemove')}
                </button>
                <button type="button" className={button} onClick={() => setConfirming(false)}>
                  {t('header.cancel')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      <div className="flex justify-end border-t border-slate-200 px-5 py-3">
        <button type="button" onClick={onClose} className="inline-flex items-center rounded-md bg-indigo-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
          {t('header.close')}
        </button>
      </div>
    </dialog>
  )
}

type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }

function Text<T>({
  name,
  label,
  hint,
  live,
  readOnly,
  multiline = false,
  type = 'text',
  validate,
  onSave,
}: {
  name: string
  label: string
  hint?: string
  live: string
  readOnly: boolean
  multiline?: boolean
  type?: 'text' | 'number'
  validate: (v: string) => Parsed<T>
  onSave: (v: T) => void
}) {
  const id = useId()
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const commit = (v: string) => {
    const r = validate(v)
    if (!r.success) {
      setError(r.error.issues[0]?.message ?? 'Invalid value')
      return false
    }
    setError(null)
    if (String(r.data) !== live) onSave(r.data)
    return true
  }
  const common = {
    id,
    name,
    value: draft ?? live,
    readOnly,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setDraft(e.target.value)
      const r = validate(e.target.value)
      setError(r.success ? null : (r.error.issues[0]?.message ?? 'Invalid value'))
    },
    onBlur: () => {
      if (draft !== null && commit(draft)) setDraft(null)
    },
    className: `${control} ${error ? 'border-red-500' : 'border-slate-300'}`,
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {multiline ? (
        <textarea rows={3} {...common} />
      ) : (
        <input
          type={type}
          min={type === 'number' ? 0 : undefined}
          max={type === 'number' ? 5 : undefined}
          {...common}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              if (draft !== null && commit(draft)) setDraft(null)
            }
          }}
        />
      )}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="text-xs text-slate-600">
            {hint}
          </p>
        )
      )}
    </div>
  )
}

function GoalSelect({ value, readOnly, label, onSave }: { value: StrategicGoal; readOnly: boolean; label: string; onSave: (g: StrategicGoal) => void }) {
  const t = useTranslations('mapEditor.goals')
  const id = useId()
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} value={value} disabled={readOnly} onChange={(e) => onSave(e.target.value as StrategicGoal)} className={`${control} border-slate-300`}>
        {STRATEGIC_GOALS.map((g) => (
          <option key={g} value={g}>
            {t(g)}
          </option>
        ))}
      </select>
    </div>
  )
}
