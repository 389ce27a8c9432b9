'use client'

import { useTranslations } from 'next-intl'
import { memo, useEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { addTouchpoint, movePlacement, placeTouchpoint, type MapSnapshot, type Segment, type Stage, type Touchpoint } from '@/lib/maps/doc-schema'
import { AddTouchpoint } from './add-touchpoint'
import type { HeaderEditTarget } from './header-editor'
import { KIND_TONE, KindIcon, PencilIcon, PlusIcon } from './icons'
import { cellKey, initials, layoutCells, stepTarget, visibleSegments, type CardView, type DropTarget, type Filters } from './logic'
import type { Editor } from './presence'
import type { EditorHistory } from './undo'

type Props = {
  map: MapSnapshot
  catalog: Map<string, Touchpoint>
  touchpoints: Touchpoint[]
  filters: Filters
  backstage: boolean
  canEdit: boolean
  history: EditorHistory
  mapDoc: Y.Doc
  catalogDoc: Y.Doc
  me: { id: string; name: string }
  people: Map<string, string>
  departments: Map<string, string>
  others: Map<string, Editor[]>
  selected: string | null
  onOpen: (placementId: string, from: HTMLElement | null) => void
  onFocusCard: (placementId: string | null) => void
  onEditHeader: (target: HeaderEditTarget) => void
  announce: (text: string) => void
}

type Lifted = { placementId: string; name: string; target: DropTarget }

export function MapGrid(props: Props) {
  const t = useTranslations('mapEditor')
  const { map, catalog, filters, canEdit, history, mapDoc } = props
  const cells = useMemo(() => layoutCells(map, catalog, filters), [map, catalog, filters])
  const segments = visibleSegments(map.segments, filters)
  const [lifted, setLifted] = useState<Lifted | null>(null)
  const [dragOver, setDragOver] = useState<DropTarget | null>(null)
  const [adding, setAdding] = useState<string | null>(null)
  const dragging = useRef<{ placementId: string } | null>(null)
  const focusAfter = useRef<string | null>(null)

  // After a drop the card lives in another cell (a new element): give it the focus again.
  useEffect(() => {
    const id = focusAfter.current
    if (!id) return
    focusAfter.current = null
    document.querySelector<HTMLElement>(id.startsWith('add:') ? `[data-add-cell="${CSS.escape(id.slice(4))}"]` : `[data-placement="${CSS.escape(id)}"]`)?.focus()
  })
  const closeAdd = (key: string, refocus = true) => {
    setAdding(null)
    if (refocus) focusAfter.current = `add:${key}`
  }

  const stageName = (id: string) => map.stages.find((s) => s.id === id)?.name ?? ''
  const segmentName = (id: string) => map.segments.find((s) => s.id === id)?.name ?? ''
  /** Cards in a cell other than the one being moved. */
  const othersIn = (stageId: string, segmentId: string, except: string) => (cells.get(cellKey(stageId, segmentId)) ?? []).filter((c) => c.placement.id !== except)

  const liftedCard = (id: string): CardView | undefined => {
    for (const list of cells.values()) for (const c of list) if (c.placement.id === id) return c
    return undefined
  }

  const liftedView = lifted ? liftedCard(lifted.placementId) : undefined

  const move = (placementId: string, to: DropTarget) => {
    history.act(({ map: m }) => m(() => movePlacement(mapDoc, placementId, to)))
  }

  const describe = (l: Lifted) => {
    const count = othersIn(l.target.stageId, l.target.segmentId, l.placementId).length + 1
    return t('dnd.over', { name: l.name, stage: stageName(l.target.stageId), segment: segmentName(l.target.segmentId), position: l.target.index + 1, count })
  }

  const onCardKey = (e: React.KeyboardEvent<HTMLElement>, card: CardView) => {
    const id = card.placement.id
    if (lifted && lifted.placementId === id) {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        e.preventDefault()
        const next = { ...lifted, target: stepTarget(lifted.target, e.key, map.stages, segments, (st, sg) => othersIn(st, sg, id).length) }
        setLifted(next)
        props.announce(describe(next))
      } else if (e.key === ' ' || e.key === 'Enter') {
        e.preventDefault()
        move(id, lifted.target)
        focusAfter.current = id
        props.announce(t('dnd.dropped', { name: lifted.name, stage: stageName(lifted.target.stageId), segment: segmentName(lifted.target.segmentId), position: lifted.target.index + 1 }))
        setLifted(null)
      } else if (e.key === 'Escape') {
        e.preventDefault()
        props.announce(t('dnd.cancelled', { name: lifted.name }))
        setLifted(null)
      } else if (e.key === 'Tab') {
        setLifted(null)
      }
      return
    }
    if (e.key === 'Enter') {
      e.preventDefault()
      props.onOpen(id, e.currentTarget)
    } else if (e.key === ' ' && canEdit) {
      e.preventDefault()
      const index = othersIn(card.placement.stageId, card.placement.segmentId, id).length
      const own = (cells.get(cellKey(card.placement.stageId, card.placement.segmentId)) ?? []).findIndex((c) => c.placement.id === id)
      setLifted({ placementId: id, name: card.touchpoint.name, target: { stageId: card.placement.stageId, segmentId: card.placement.segmentId, index: own < 0 ? index : own } })
      props.announce(t('dnd.pickedUp', { name: card.touchpoint.name }))
    }
  }

  // Stable handlers for the memoised cards (they read the latest state through a ref).
  const latest = useRef({ onCardKey, onOpen: props.onOpen, onFocusCard: props.onFocusCard })
  useEffect(() => {
    latest.current = { onCardKey, onOpen: props.onOpen, onFocusCard: props.onFocusCard }
  })
  const stable = useMemo(
    () => ({
      onKeyDown: (e: React.KeyboardEvent<HTMLElement>, card: CardView) => latest.current.onCardKey(e, card),
      onOpen: (id: string, from: HTMLElement | null) => latest.current.onOpen(id, from),
      onFocusCard: (id: string | null) => latest.current.onFocusCard(id),
      onDragStart: (id: string) => {
        dragging.current = { placementId: id }
      },
      onDragEnd: () => {
        dragging.current = null
        setDragOver(null)
      },
    }),
    [],
  )

  /** Where in a cell the pointer is: the index among the cell's other cards. */
  const indexAt = (cellEl: HTMLElement, clientY: number, except: string) => {
    const cards = [...cellEl.querySelectorAll<HTMLElement>('[data-placement]')].filter((el) => el.dataset.placement !== except)
    let i = 0
    for (const el of cards) {
      const r = el.getBoundingClientRect()
      if (clientY > r.top + r.height / 2) i++
    }
    return i
  }

  const add = (stage: Stage, segment: Segment, pick: { touchpointId: string } | { name: string }) => {
    const name =
      'name' in pick
        ? pick.name
        : (catalog.get(pick.touchpointId)?.name ?? '')
    history.act(({ map: m, catalog: c }) => {
      const touchpointId = 'touchpointId' in pick ? pick.touchpointId : c(() => addTouchpoint(props.catalogDoc, { name: pick.name }, props.me.id))
      return m(() => placeTouchpoint(mapDoc, { touchpointId, stageId: stage.id, segmentId: segment.id }))
    })
    props.announce(t('add.added', { name, stage: stage.name, segment: segment.name }))
  }

  return (
    <div className="max-h-[calc(100vh-16rem)] min-h-80 overflow-auto rounded-lg border border-slate-200 bg-slate-50 shadow-sm" data-testid="map-grid">
      <table className="border-separate border-spacing-0 text-left" aria-label={t('grid.label')} aria-describedby={canEdit ? 'map-card-instructions' : undefined}>
        <thead>
          <tr>
            <td className="sticky left-0 top-0 z-30 w-32 min-w-32 border-b sm:w-48 sm:min-w-48 border-r border-slate-200 bg-slate-100 px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-600">
              {t('grid.corner')}
            </td>
            {map.stages.map((s) => (
              <th key={s.id} scope="col" className="sticky top-0 z-20 min-w-60 max-w-72 border-b border-r border-slate-200 bg-slate-100 px-3 py-2 align-top">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="truncate text-sm font-semibold text-slate-900" title={s.name}>
                      {s.name}
                    </div>
                    <div className="mt-0.5 flex items-center gap-1" aria-label={t('grid.weight', { weight: s.weight })} title={t('grid.weight', { weight: s.weight })}>
                      {[1, 2, 3, 4, 5].map((n) => (
                        <span key={n} aria-hidden="true" className={`h-1.5 w-3 rounded-full ${n <= s.weight ? 'bg-indigo-600' : 'bg-slate-300'}`} />
                      ))}
                    </div>
                  </div>
                  <HeaderButton label={t(canEdit ? 'grid.editStage' : 'grid.viewStage', { name: s.name })} onClick={() => props.onEditHeader({ which: 'stages', id: s.id })} />
                </div>
                {s.description && <p className="mt-1 line-clamp-2 text-xs font-normal text-slate-600">{s.description}</p>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {segments.map((g) => (
            <tr key={g.id}>
              <th scope="row" className="sticky left-0 z-10 w-32 min-w-32 max-w-56 border-b sm:w-48 sm:min-w-48 border-r border-slate-200 bg-white px-3 py-2 align-top">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="text-sm font-semibold text-slate-900">{g.name}</div>
                    <div className="mt-0.5 text-xs text-slate-600">
                      {t(`goals.${g.goal}`)} · {t('grid.priority', { priority: g.priority })}
                    </div>
                  </div>
                  <HeaderButton label={t(canEdit ? 'grid.editSegment' : 'grid.viewSegment', { name: g.name })} onClick={() => props.onEditHeader({ which: 'segments', id: g.id })} />
                </div>
                {g.profile && <p className="mt-1 line-clamp-3 text-xs font-normal text-slate-600">{g.profile}</p>}
              </th>
              {map.stages.map((s) => {
                const key = cellKey(s.id, g.id)
                const cards = cells.get(key) ?? []
                const liftedHere = lifted && liftedView && lifted.target.stageId === s.id && lifted.target.segmentId === g.id ? lifted.target.index : null
                const overHere = dragOver && dragOver.stageId === s.id && dragOver.segmentId === g.id ? dragOver.index : null
                const marker = liftedHere ?? overHere
                const rest = lifted ? cards.filter((c) => c.placement.id !== lifted.placementId) : cards
                return (
                  <td
                    key={s.id}
                    className={`relative min-w-60 max-w-72 border-b border-r border-slate-200 p-2 align-top ${marker !== null ? 'bg-indigo-50' : ''}`}
                    onDragOver={
                      canEdit
                        ? (e) => {
                            if (!dragging.current) return
                            e.preventDefault()
                            e.dataTransfer.dropEffect = 'move'
                            const index = indexAt(e.currentTarget, e.clientY, dragging.current.placementId)
                            if (!dragOver || dragOver.stageId !== s.id || dragOver.segmentId !== g.id || dragOver.index !== index) setDragOver({ stageId: s.id, segmentId: g.id, index })
                          }
                        : undefined
                    }
                    onDragLeave={(e) => {
                      if (!e.currentTarget.contains(e.relatedTarget as Node | null) && overHere !== null) setDragOver(null)
                    }}
                    onDrop={
                      canEdit
                        ? (e) => {
                            const d = dragging.current
                            if (!d) return
                            e.preventDefault()
                            const index = indexAt(e.currentTarget, e.clientY, d.placementId)
                            move(d.placementId, { stageId: s.id, segmentId: g.id, index })
                            const name = catalog.get(map.placements.find((p) => p.id === d.placementId)?.touchpointId ?? '')?.name ?? ''
                            props.announce(t('dnd.moved', { name, stage: s.name, segment: g.name }))
                            dragging.current = null
                            setDragOver(null)
                          }
                        : undefined
                    }
                  >
                    <ul aria-label={t('grid.cardsIn', { stage: s.name, segment: g.name })} className="flex min-h-12 flex-col gap-2">
                      {rest.map((c, i) => (
                        <li key={c.placement.id} className="flex flex-col gap-2">
                          {overHere === i && <DropMarker />}
                          {liftedHere === i && liftedView && <LiftedCard card={liftedView} onKeyDown={onCardKey} onFocusCard={props.onFocusCard} />}
                          <Card
                            card={c}
                            backstage={props.backstage}
                            canEdit={canEdit}
                            selected={props.selected === c.placement.id}
                            editors={props.others.get(c.placement.id)}
                            ownerName={c.touchpoint.ownerUserId ? props.people.get(c.touchpoint.ownerUserId) : undefined}
                            departmentName={c.touchpoint.ownerDepartmentId ? props.departments.get(c.touchpoint.ownerDepartmentId) : undefined}
                            onKeyDown={stable.onKeyDown}
                            onOpen={stable.onOpen}
                            onFocusCard={stable.onFocusCard}
                            onDragStart={stable.onDragStart}
                            onDragEnd={stable.onDragEnd}
                          />
                        </li>
                      ))}
                      {overHere !== null && overHere >= rest.length && (
                        <li>
                          <DropMarker />
                        </li>
                      )}
                      {liftedHere !== null && liftedHere >= rest.length && liftedView && (
                        <li>
                          <LiftedCard card={liftedView} onKeyDown={onCardKey} onFocusCard={props.onFocusCard} />
                        </li>
                      )}
                    </ul>
                    {rest.length === 0 && marker === null && <p className="px-1 py-2 text-xs text-slate-500">{t('grid.emptyCell')}</p>}
                    {canEdit && (
                      <div className="mt-2">
                        {adding === key ? (
                          <AddTouchpoint
                            stageName={s.name}
                            segmentName={g.name}
                            touchpoints={props.touchpoints}
                            onPick={(touchpointId) => {
                              add(s, g, { touchpointId })
                              closeAdd(key)
                            }}
                            onCreate={(name) => {
                              add(s, g, { name })
                              closeAdd(key)
                            }}
                            onClose={(refocus) => closeAdd(key, refocus)}
                          />
                        ) : (
                          <button
                            type="button"
                            onClick={() => setAdding(key)}
                            aria-label={t('grid.addToCell', { stage: s.name, segment: g.name })}
                            data-add-cell={key}
                            className="flex w-full items-center justify-center gap-1 rounded-md border border-dashed border-slate-300 px-2 py-1.5 text-xs font-medium text-slate-600 hover:border-indigo-400 hover:bg-white hover:text-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600"
                          >
                            <PlusIcon className="h-3.5 w-3.5" />
                            {t('grid.add')}
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p id="map-card-instructions" className="sr-only">
        {t('card.instructions')}
      </p>
    </div>
  )
}

function DropMarker() {
  const t = useTranslations('mapEditor.grid')
  return (
    <div className="h-1 rounded-full bg-indigo-600" data-testid="drop-marker">
      <span className="sr-only">{t('dropHere')}</span>
    </div>
  )
}

function HeaderButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      className="shrink-0 rounded p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <PencilIcon />
    </button>
  )
}

/**
 * The card being moved by keyboard stays focused in its own cell while a
 * marker shows where it would land; it is drawn here, out of the list.
 */
function LiftedCard({ card, onKeyDown, onFocusCard }: { card: CardView; onKeyDown: (e: React.KeyboardEvent<HTMLElement>, card: CardView) => void; onFocusCard: (id: string | null) => void }) {
  const t = useTranslations('mapEditor.card')
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [])
  return (
    <div
      ref={ref}
      tabIndex={0}
      role="button"
      aria-pressed="true"
      aria-roledescription="card"
      data-placement={card.placement.id}
      data-lifted="true"
      onKeyDown={(e) => onKeyDown(e, card)}
      onFocus={() => onFocusCard(card.placement.id)}
      className="flex rotate-1 items-center gap-2 rounded-md border-2 border-indigo-600 bg-white px-2.5 py-2 text-sm font-medium text-slate-900 shadow-lg outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2"
    >
      <span className="sr-only">{t('lifted')}: </span>
      <KindIcon kind={card.touchpoint.kind} />
      {card.touchpoint.name}
    </div>
  )
}

type CardProps = {
  card: CardView
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

/** A card re-renders only when what it shows changed (a document update rebuilds every card object). */
function sameCard(a: CardProps, b: CardProps): boolean {
  const { card: ca, editors: ea, ...ra } = a
  const { card: cb, editors: eb, ...rb } = b
  return (
    sameValues(ra, rb) &&
    sameValues(ca.placement, cb.placement) &&
    sameValues(ca.touchpoint, cb.touchpoint) &&
    (ea ?? []).map((e) => `${e.id}:${e.name}:${e.colour}`).join() === (eb ?? []).map((e) => `${e.id}:${e.name}:${e.colour}`).join()
  )
}

const Card = memo(function Card({ card, backstage, canEdit, selected, editors, ownerName, departmentName, onKeyDown, onOpen, onFocusCard, onDragStart, onDragEnd }: CardProps) {
  const t = useTranslations('mapEditor')
  const tp = card.touchpoint
  const owner = ownerName ?? departmentName
  const ring = editors?.[0]?.colour
  return (
    <div className="relative">
      <div
        tabIndex={0}
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
        className={`group flex cursor-pointer items-start gap-2 rounded-md border bg-white px-2.5 py-2 text-sm shadow-sm outline-none transition-shadow hover:shadow-md focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2 ${
          selected ? 'border-indigo-500' : 'border-slate-200'
        } ${canEdit ? 'active:cursor-grabbing' : ''}`}
      >
        <span className={`mt-0.5 inline-flex h-6 w-6 shrink-0 items-center justify-center rounded border ${KIND_TONE[tp.kind] ?? KIND_TONE.communication}`} title={t(`kinds.${tp.kind}`)}>
          <KindIcon kind={tp.kind} />
          <span className="sr-only">{t(`kinds.${tp.kind}`)}: </span>
        </span>
        <span className="min-w-0 flex-1 break-words font-medium leading-snug text-slate-900">{tp.name}</span>
        {owner ? (
          <span
            title={t('card.owner', { name: owner })}
            className={`inline-flex h-6 min-w-6 shrink-0 items-center justify-center px-1 text-[10px] font-semibold ${ownerName ? 'rounded-full bg-slate-700 text-white' : 'rounded bg-slate-200 text-slate-800'}`}
          >
            <span aria-hidden="true">{initials(owner)}</span>
            <span className="sr-only">{t('card.owner', { name: owner })}</span>
          </span>
        ) : (
          <span title={t('card.noOwner')} className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full border border-dashed border-slate-400 text-[10px] text-slate-500">
            <span aria-hidden="true">?</span>
            <span className="sr-only">{t('card.noOwner')}</span>
          </span>
        )}
      </div>
      {editors && editors.length > 0 && (
        <span className="absolute -top-2 right-1 z-[1] max-w-[80%] truncate rounded px-1.5 py-px text-[10px] font-semibold text-white shadow" style={{ backgroundColor: ring }} data-testid="card-editors">
          {t('card.editing', { names: editors.map((e) => e.name).join(', ') })}
        </span>
      )}
      {backstage && (
        <div className="mt-1 rounded-md border border-dashed border-slate-300 bg-slate-100/70 px-2.5 py-1.5 text-xs text-slate-700" data-testid="backstage">
          {tp.supportingProcesses || tp.supportingPeople ? (
            <dl className="space-y-1">
              {tp.supportingProcesses && (
                <div>
                  <dt className="font-semibold text-slate-800">{t('card.processes')}</dt>
                  <dd className="whitespace-pre-line">{tp.supportingProcesses}</dd>
                </div>
              )}
              {tp.supportingPeople && (
                <div>
                  <dt className="font-semibold text-slate-800">{t('card.people')}</dt>
                  <dd className="whitespace-pre-line">{tp.supportingPeople}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p className="italic text-slate-500">{t('card.backstageEmpty')}</p>
          )}
        </div>
      )}
    </div>
  )
}, sameCard)
