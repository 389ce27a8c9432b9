'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useId, useState } from 'react'
import type * as Y from 'yjs'
import type { MapSnapshot } from '@/lib/maps/doc-schema'
import { EMOTION_MAX, EMOTION_MIN, LANE_TEXT_MAX, LANES, laneTextSchema, setEmotion, setLaneText, signed, type Lane, type Lanes, type TextLane } from '@/lib/maps/lanes'
import { useAllScores } from './scores'
import type { EditorHistory } from './undo'

export type LaneState = 'shown' | 'collapsed' | 'hidden'
export type LaneView = Record<Lane, LaneState>

const STORAGE_KEY = 'touchmap.lanes'

/**
 * Which lanes this person shows, collapses or hides (kept in this browser,
 * like the backstage view): a lane not chosen yet is shown when the map has
 * something in it, hidden otherwise.
 */
export function useLaneView(lanes: Lanes | undefined): [LaneView, (lane: Lane, state: LaneState) => void] {
  const [chosen, setChosen] = useState<Partial<LaneView>>({})
  useEffect(() => {
    try {
      const raw = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<LaneView>
      const clean = Object.fromEntries(Object.entries(raw).filter(([k, v]) => (LANES as readonly string[]).includes(k) && ['shown', 'collapsed', 'hidden'].includes(String(v))))
      // eslint-disable-next-line react-hooks/set-state-in-effect -- read once from the browser after hydration (the server has no localStorage)
      setChosen(clean)
    } catch {
      /* no storage: defaults */
    }
  }, [])
  const has = (lane: Lane) => (lane === 'emotions' ? Object.keys(lanes?.emotions ?? {}).length > 0 : Object.keys(lanes?.[lane] ?? {}).length > 0)
  const view = Object.fromEntries(LANES.map((l) => [l, chosen[l] ?? (has(l) ? 'shown' : 'hidden')])) as LaneView
  const set = (lane: Lane, state: LaneState) => {
    const next = { ...chosen, [lane]: state }
    setChosen(next)
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
    } catch {
      /* private mode: this session only */
    }
  }
  return [view, set]
}

/** The toolbar's lane switches: each lane shown, collapsed or hidden. */
export function LaneControls({ view, onChange }: { view: LaneView; onChange: (lane: Lane, state: LaneState) => void }) {
  const t = useTranslations('mapEditor.lanes')
  const id = useId()
  const [open, setOpen] = useState(false)
  return (
    <details className="relative self-center" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="lane-menu" className="cursor-pointer list-none rounded-md px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
        {t('menu')} <span aria-hidden="true">▾</span>
      </summary>
      {/* Drawn only while open; on a phone it spans the screen instead of hanging off the toolbar. */}
      {open && (
        <fieldset className="z-40 mt-1 space-y-2 rounded-md border border-slate-200 bg-white p-3 shadow-lg max-sm:fixed max-sm:inset-x-4 max-sm:top-28 sm:absolute sm:left-0 sm:w-72">
          <legend className="sr-only">{t('menu')}</legend>
          {LANES.map((lane) => (
            <div key={lane} className="flex items-center justify-between gap-3 text-sm text-slate-800">
              <label htmlFor={`${id}-${lane}`}>{t(`names.${lane}`)}</label>
              <select
                id={`${id}-${lane}`}
                value={view[lane]}
                onChange={(e) => onChange(lane, e.currentTarget.value as LaneState)}
                className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm focus:outline-2 focus:outline-indigo-600"
              >
                <option value="shown">{t('shown')}</option>
                <option value="collapsed">{t('collapsed')}</option>
                <option value="hidden">{t('hidden')}</option>
              </select>
            </div>
          ))}
        </fieldset>
      )}
    </details>
  )
}

type RowProps = { map: MapSnapshot; canEdit: boolean; history: EditorHistory; mapDoc: Y.Doc }

const headCell = 'sticky left-0 z-10 w-32 min-w-32 max-w-56 border-b sm:w-48 sm:min-w-48 border-r border-slate-200 px-3 py-2 text-left align-top'
// `relative`: what is positioned inside a cell (screen-reader labels) stays inside the grid's own scrolling.
const bodyCell = 'relative min-w-60 max-w-72 group-data-[compact=true]/grid:min-w-40 group-data-[compact=true]/grid:max-w-48 border-b border-r border-slate-200 p-2 align-top'

/** A text lane (customer actions and thoughts, or backstage): one text per stage, edited in place. */
export function TextLaneRow({ lane, state, map, canEdit, history, mapDoc }: RowProps & { lane: TextLane; state: LaneState }) {
  const t = useTranslations('mapEditor.lanes')
  const texts = map.lanes?.[lane] ?? {}
  return (
    <tr data-lane={lane} className={lane === 'actions' ? 'bg-amber-50/60' : 'bg-slate-100/70'}>
      <th scope="row" className={`${headCell} ${lane === 'actions' ? 'bg-amber-50' : 'bg-slate-100'}`}>
        <div className="text-sm font-semibold text-slate-900">{t(`names.${lane}`)}</div>
        <div className="mt-0.5 text-xs text-slate-600">{t(`hints.${lane}`)}</div>
      </th>
      {map.stages.map((s) => (
        <td key={s.id} className={bodyCell}>
          <LaneText
            text={texts[s.id] ?? ''}
            collapsed={state === 'collapsed'}
            label={t('cellLabel', { lane: t(`names.${lane}`), stage: s.name })}
            canEdit={canEdit && state === 'shown'}
            onSave={(text) => history.act(({ map: m }) => m(() => setLaneText(mapDoc, lane, s.id, text)))}
          />
        </td>
      ))}
    </tr>
  )
}

function LaneText({ text, collapsed, label, canEdit, onSave }: { text: string; collapsed: boolean; label: string; canEdit: boolean; onSave: (text: string) => void }) {
  const t = useTranslations('mapEditor.lanes')
  const id = useId()
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (draft !== null) {
    const save = () => {
      const r = laneTextSchema.safeParse(draft)
      if (!r.success) return setError(r.error.issues[0]?.message ?? t('invalid'))
      onSave(r.data)
      setDraft(null)
      setError(null)
    }
    return (
      <div className="space-y-1.5">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <textarea
          id={id}
          autoFocus
          rows={4}
          value={draft}
          maxLength={LANE_TEXT_MAX + 200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault()
              setDraft(null)
              setError(null)
            } else if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault()
              save()
            }
          }}
          className={`block w-full rounded-md border bg-white px-2 py-1.5 text-xs text-slate-900 focus:outline-2 focus:outline-indigo-600 ${error ? 'border-red-500' : 'border-slate-300'}`}
        />
        {error && (
          <p id={`${id}-error`} className="text-xs text-red-700">
            {error}
          </p>
        )}
        <div className="flex gap-2">
          <button type="button" onClick={save} className="rounded bg-indigo-700 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600">
            {t('save')}
          </button>
          <button type="button" onClick={() => (setDraft(null), setError(null))} className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600">
            {t('cancel')}
          </button>
        </div>
      </div>
    )
  }
  return (
    <div className="group/lane flex items-start justify-between gap-1">
      {text ? <p className={`whitespace-pre-wrap text-xs text-slate-800 ${collapsed ? 'line-clamp-1' : ''}`}>{text}</p> : <span className="text-xs italic text-slate-600">{t('empty')}</span>}
      {canEdit && (
        <button type="button" aria-label={t('edit', { label })} title={t('edit', { label })} onClick={() => setDraft(text)} className="shrink-0 rounded px-1 text-xs text-indigo-800 hover:bg-white focus-visible:outline-2 focus-visible:outline-indigo-600">
          {t('editShort')}
        </button>
      )}
    </div>
  )
}

/** The line of visibility: above it, what the customer does and thinks; below it, what the company does. */
export function VisibilityLine({ stages }: { stages: number }) {
  const t = useTranslations('mapEditor.lanes')
  return (
    <tr data-lane="visibility" aria-hidden={false}>
      <th scope="row" className="sticky left-0 z-10 border-b-2 border-r border-dashed border-b-slate-700 border-r-slate-200 bg-white px-3 py-1 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-700">
        {t('visibility')}
      </th>
      <td colSpan={stages} className="border-b-2 border-dashed border-b-slate-700 bg-white px-3 py-1 text-[11px] text-slate-600">
        {t('visibilityHint')}
      </td>
    </tr>
  )
}

const EMOTIONS = Array.from({ length: EMOTION_MAX - EMOTION_MIN + 1 }, (_, i) => EMOTION_MIN + i)

/** One row's emotion curve: a value per stage set by hand, the curve drawn in the row header, and the mean appeal score of the row's cards beside each value. */
export function EmotionRow({ segment, state, map, canEdit, history, mapDoc }: RowProps & { segment: MapSnapshot['segments'][number]; state: LaneState }) {
  const t = useTranslations('mapEditor.lanes')
  const scores = useAllScores()
  const values = map.lanes?.emotions[segment.id] ?? {}
  const appealOf = (stageId: string): number | null => {
    const means = map.placements.filter((p) => p.stageId === stageId && p.segmentId === segment.id).flatMap((p) => {
      const a = scores.get(p.touchpointId)?.appeal
      return a == null ? [] : [a]
    })
    return means.length ? means.reduce((x, y) => x + y, 0) / means.length : null
  }
  return (
    <tr data-lane="emotions" data-segment={segment.id} className="bg-rose-50/40">
      <th scope="row" className={`${headCell} bg-rose-50`}>
        <div className="text-sm font-semibold text-slate-900">{t('emotionOf', { name: segment.name })}</div>
        <EmotionCurve stages={map.stages.map((s) => values[s.id] ?? null)} label={t('curveLabel', { name: segment.name })} />
      </th>
      {map.stages.map((s) => {
        const v = values[s.id]
        const appeal = appealOf(s.id)
        return (
          <td key={s.id} className={bodyCell}>
            <div className="flex flex-wrap items-center gap-2">
              {canEdit && state === 'shown' ? (
                <label className="flex items-center gap-1 text-xs text-slate-700">
                  <span className="sr-only">{t('emotionAt', { name: segment.name, stage: s.name })}</span>
                  <select
                    value={v === undefined ? '' : String(v)}
                    onChange={(e) => {
                      const raw = e.currentTarget.value
                      history.act(({ map: m }) => m(() => setEmotion(mapDoc, segment.id, s.id, raw === '' ? null : Number(raw))))
                    }}
                    className="h-7 rounded border border-slate-300 bg-white px-1 text-xs focus:outline-2 focus:outline-indigo-600"
                  >
                    <option value="">{t('notSet')}</option>
                    {EMOTIONS.map((n) => (
                      <option key={n} value={n}>
                        {signed(n)} {t(`emotionWords.${n + 2}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : (
                <span className="text-xs font-medium text-slate-800">{v === undefined ? t('notSet') : `${signed(v)} ${t(`emotionWords.${v + 2}`)}`}</span>
              )}
              {state === 'shown' && <span className="text-[11px] text-slate-600">{appeal == null ? t('noAppeal') : t('appeal', { mean: appeal.toFixed(1) })}</span>}
            </div>
          </td>
        )
      })}
    </tr>
  )
}

/** A small line through the set values (-2 at the bottom, +2 at the top); stages without a value leave a gap. */
function EmotionCurve({ stages, label }: { stages: (number | null)[]; label: string }) {
  const w = 120
  const h = 30
  const x = (i: number) => (stages.length <= 1 ? w / 2 : (i / (stages.length - 1)) * (w - 8) + 4)
  const y = (v: number) => h / 2 - (v / 2) * (h / 2 - 3)
  const parts: string[] = []
  let open = false
  stages.forEach((v, i) => {
    if (v == null) return void (open = false)
    parts.push(`${open ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`)
    open = true
  })
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={label} className="mt-1">
      <line x1="0" x2={w} y1={h / 2} y2={h / 2} stroke="#cbd5e1" strokeDasharray="2 2" />
      <path d={parts.join(' ')} fill="none" stroke="#be123c" strokeWidth="2" strokeLinejoin="round" />
      {stages.map((v, i) => (v == null ? null : <circle key={i} cx={x(i)} cy={y(v)} r="2.5" fill="#be123c" />))}
    </svg>
  )
}
