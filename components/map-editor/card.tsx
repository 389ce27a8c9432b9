'use client'

import { memo } from 'react'
import type { TouchpointKind } from '@/lib/maps/model'
import { CardBadges } from './card-badges'
import { FlagIcon, KIND_TONE, KindIcon } from './icons'
import { initials, isUnowned, type CardView } from './logic'
import type { Editor } from './presence'

/**
 * Words a card shows, translated once per grid rather than once per card (a
 * map can hold a thousand cards; translating in each was a visible part of
 * rendering them).
 */
export type CardLabels = {
  kind: Record<TouchpointKind, string>
  owner: (name: string) => string
  /** The flag of a touchpoint with no owner at all (neither a person nor a department). */
  noOwner: string
  /** An owner the editor cannot name (someone who left the workspace, a deleted department). */
  unknownOwner: string
  editing: (names: string) => string
  processes: string
  people: string
  backstageEmpty: string
}

export type CardProps = {
  card: CardView
  labels: CardLabels
  backstage: boolean
  canEdit: boolean
  selected: boolean
  editors: Editor[] | undefined
  ownerName: string | undefined
  departmentName: string | undefined
  onKeyDown: (e: React.KeyboardEvent<HTMLElement>, card: CardView) => void
  onOpen: (placementId: string, from: HTMLElement | null) => void
  onFocusCard: (placementId: string | null) => void
  onDragStart: (placementId: string) => void
  onDragEnd: () => void
}

function sameValues(a: object, b: object): boolean {
  if (a === b) return true
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
}

/**
 * The touchpoint fields a card shows. A card re-renders only when one of
 * these changed: not when the catalog document arrives with the same faces
 * the read model gave, nor when someone edits a field the card does not show.
 * A badge that reads another field must add it here.
 */
export const CARD_FIELDS = ['id', 'name', 'kind', 'status', 'ownerUserId', 'ownerDepartmentId', 'supportingProcesses', 'supportingPeople'] as const

/** A card re-renders only when what it shows changed (a map update rebuilds every placement object). */
function sameCard(a: CardProps, b: CardProps): boolean {
  const { card: ca, editors: ea, ...ra } = a
  const { card: cb, editors: eb, ...rb } = b
  return (
    sameValues(ra, rb) &&
    sameValues(ca.placement, cb.placement) &&
    (ca.touchpoint === cb.touchpoint || CARD_FIELDS.every((k) => ca.touchpoint[k] === cb.touchpoint[k])) &&
    (ea ?? []).map((e) => `${e.id}:${e.name}:${e.colour}`).join() === (eb ?? []).map((e) => `${e.id}:${e.name}:${e.colour}`).join()
  )
}

/**
 * One card of the map: a list item holding the focusable, draggable card.
 *
 * Kept cheap on purpose, since a map can hold a thousand of them: no
 * positioned elements unless someone else is on the card (every positioned
 * element is a paint layer Chromium walks on each hit test, i.e. on every
 * pointer move of a drag), no visually-hidden text (`sr-only` is positioned):
 * the kind and owner are named with `role="img"` + `aria-label` instead.
 *
 * Badges (owner, scores, ...) go in <CardBadges> (card-badges.tsx).
 *
 * Compact zoom is pure CSS (the grid's `data-compact`), so switching it
 * re-renders no card; focus moves by arrow keys (grid-focus.ts), so every
 * card is out of the Tab order but the grid's one roving item.
 */
export const Card = memo(function Card({ card, labels, backstage, canEdit, selected, editors, ownerName, departmentName, onKeyDown, onOpen, onFocusCard, onDragStart, onDragEnd }: CardProps) {
  const tp = card.touchpoint
  const owner = ownerName ?? departmentName
  const ring = editors?.[0]?.colour
  const kind = labels.kind[tp.kind] ?? tp.kind
  return (
    <div role="listitem" className={editors?.length ? 'relative' : undefined}>
      <div
        tabIndex={-1}
        data-grid-item=""
        role="button"
        aria-roledescription="card"
        aria-describedby={canEdit ? 'map-card-instructions' : undefined}
        data-placement={card.placement.id}
        data-touchpoint={tp.id}
        draggable={canEdit}
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move'
          e.dataTransfer.setData('text/plain', tp.name)
          onDragStart(card.placement.id)
        }}
        onDragEnd={onDragEnd}
        onClick={(e) => onOpen(card.placement.id, e.currentTarget)}
        onKeyDown={(e) => onKeyDown(e, card)}
        onFocus={() => onFocusCard(card.placement.id)}
        onBlur={() => onFocusCard(null)}
        style={ring ? { boxShadow: `0 0 0 2px ${ring}` } : undefined}
        className={`group flex cursor-pointer items-start gap-2 rounded-md border bg-white px-2.5 py-2 text-sm shadow-sm group-data-[compact=true]/grid:gap-1.5 group-data-[compact=true]/grid:px-2 group-data-[compact=true]/grid:py-1 group-data-[compact=true]/grid:text-xs outline-none hover:shadow-md focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2 ${
          selected ? 'border-indigo-500' : 'border-slate-200'
        } ${canEdit ? 'active:cursor-grabbing' : ''}`}
      >
        <span role="img" aria-label={`${kind}:`} title={kind} className={`group-data-[compact=true]/grid:hidden mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded border ${KIND_TONE[tp.kind] ?? KIND_TONE.communication}`}>
          <KindIcon kind={tp.kind} />
        </span>
        <span className="min-w-0 flex-1 break-words font-medium leading-snug text-slate-900">{tp.name}</span>
        <CardBadges card={card} />
        {owner ? (
          <span
            role="img"
            aria-label={labels.owner(owner)}
            title={labels.owner(owner)}
            className={`group-data-[compact=true]/grid:hidden inline-flex h-6 min-w-6 shrink-0 items-center justify-center px-1 text-[10px] font-semibold ${ownerName ? 'rounded-full bg-slate-700 text-white' : 'rounded bg-slate-200 text-slate-800'}`}
          >
            {initials(owner)}
          </span>
        ) : isUnowned(tp) ? (
          <span
            role="img"
            aria-label={labels.noOwner}
            title={labels.noOwner}
            data-unowned=""
            className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full border border-dashed border-amber-700 bg-amber-50 text-amber-900 group-data-[compact=true]/grid:h-5 group-data-[compact=true]/grid:w-5"
          >
            <FlagIcon />
          </span>
        ) : (
          <span role="img" aria-label={labels.owner(labels.unknownOwner)} title={labels.owner(labels.unknownOwner)} className="group-data-[compact=true]/grid:hidden inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full border border-slate-400 text-[10px] text-slate-600">
            ?
          </span>
        )}
      </div>
      {editors && editors.length > 0 && (
        <span className="absolute -top-2 right-1 z-[1] max-w-[80%] truncate rounded px-1.5 py-px text-[10px] font-semibold text-white shadow" style={{ backgroundColor: ring }} data-testid="card-editors">
          {labels.editing(editors.map((e) => e.name).join(', '))}
        </span>
      )}
      {backstage && (
        <div className="group-data-[compact=true]/grid:hidden mt-1 rounded-md border border-dashed border-slate-300 bg-slate-100/70 px-2.5 py-1.5 text-xs text-slate-700" data-testid="backstage">
          {tp.supportingProcesses || tp.supportingPeople ? (
            <dl className="space-y-1">
              {tp.supportingProcesses && (
                <div>
                  <dt className="font-semibold text-slate-800">{labels.processes}</dt>
                  <dd className="whitespace-pre-line">{tp.supportingProcesses}</dd>
                </div>
              )}
              {tp.supportingPeople && (
                <div>
                  <dt className="font-semibold text-slate-800">{labels.people}</dt>
                  <dd className="whitespace-pre-line">{tp.supportingPeople}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p className="italic text-slate-500">{labels.backstageEmpty}</p>
          )}
        </div>
      )}
    </div>
  )
}, sameCard)
