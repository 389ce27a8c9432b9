'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { addTouchpoint, movePlacement, placeTouchpoint, type MapSnapshot, type Segment, type Stage } from '@/lib/maps/doc-schema'
import { TOUCHPOINT_KINDS, type TouchpointKind } from '@/lib/maps/model'
import { AddTouchpoint } from './add-touchpoint'
import { Card, type CardLabels } from './card'
import type { CatalogView } from './catalog-index'
import { ensureRoving, onGridKey, setRoving } from './grid-focus'
import type { HeaderEditTarget } from './header-editor'
import { KindIcon, PencilIcon, PlusIcon } from './icons'
import { cellKey, layoutCells, stepTarget, visibleSegments, type CardView, type DropTarget, type Filters } from './logic'
import type { Editor } from './presence'
import { EmotionRow, TextLaneRow, VisibilityLine, type LaneView } from './lanes'
import type { EditorHistory } from './undo'
import { fitScale, type Zoom } from './zoom'

type Props = {
  /** Card size: `compact` and `fit` show names and badges only; `fit` scales the grid to the width. */
  zoom: Zoom
  map: MapSnapshot
  catalog: CatalogView
  filters: Filters
  backstage: boolean
  /** Which lanes around the touchpoints are shown, collapsed or hidden. */
  laneView: LaneView
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
  /** A touchpoint was created and placed from a cell: its placement id (the editor opens its details). */
  onCreated: (placementId: string) => void
  announce: (text: string) => void
}

type Lifted = { placementId: string; name: string; target: DropTarget }

/**
 * Cards are rendered in chunks of this many, each chunk with
 * `content-visibility: auto`: chunks out of view are kept in the DOM (find in
 * page, screen readers and tab order still reach every card) but skip style,
 * layout, paint and hit testing until they come near the viewport.
 */
const CHUNK = 20
/** A card's height (px) with the gap below it, for the size of a chunk never rendered yet. */
const CARD_ESTIMATE = 54

type Item = { kind: 'card'; card: CardView } | { kind: 'lifted'; card: CardView }

function chunked(items: Item[]): Item[][] {
  const out: Item[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/** Where a dragged card would land in a cell, and where to draw the marker (px from the top of the cell's list). */
type Spot = { index: number; y: number }

/**
 * Card geometry for mouse drag and drop, measured once per cell and drag (not
 * on every pointer move): chunk boxes relative to the cell's list, and card
 * boxes of the chunk under the pointer. Nothing in the grid changes layout
 * while dragging (the marker is an overlay), so the measures stay right until
 * the grid scrolls (chunks coming into view take their real height) or the map
 * changes; both clear them.
 */
class DragGeometry {
  private cells = new Map<Element, { chunks: { el: HTMLElement; top: number; bottom: number; n: number; cards: { top: number; bottom: number }[] | null }[] }>()

  clear() {
    this.cells.clear()
  }

  spot(list: HTMLElement, clientY: number, except: string): Spot {
    const origin = list.getBoundingClientRect().top
    const y = clientY - origin
    let geo = this.cells.get(list)
    if (!geo) {
      const chunks = [...list.querySelectorAll<HTMLElement>(':scope > [data-chunk]')].map((el) => {
        const r = el.getBoundingClientRect()
        const n = Number(el.dataset.chunk) - (el.querySelector(`[data-placement="${CSS.escape(except)}"]`) ? 1 : 0)
        return { el, top: r.top - origin, bottom: r.bottom - origin, n, cards: null }
      })
      geo = { chunks }
      this.cells.set(list, geo)
    }
    let index = 0
    let lastBottom = 0
    for (const c of geo.chunks) {
      if (y >= c.bottom) {
        index += c.n
        lastBottom = c.bottom
        continue
      }
      if (y < c.top) return { index, y: index === 0 ? Math.max(0, c.top - 5) : (lastBottom + c.top) / 2 - 2 }
      c.cards ??= [...c.el.querySelectorAll<HTMLElement>('[data-placement]')]
        .filter((el) => el.dataset.placement !== except)
        .map((el) => {
          const r = el.getBoundingClientRect()
          return { top: r.top - origin, bottom: r.bottom - origin }
        })
      let prevBottom: number | null = null
      for (const card of c.cards) {
        if (y > (card.top + card.bottom) / 2) {
          index++
          prevBottom = card.bottom
          continue
        }
        return { index, y: prevBottom === null ? Math.max(0, card.top - 5) : (prevBottom + card.top) / 2 - 2 }
      }
      return { index, y: (prevBottom ?? c.top) + 3 }
    }
    return { index, y: lastBottom + 3 }
  }
}

export function MapGrid(props: Props) {
  const t = useTranslations('mapEditor')
  const { map, catalog, filters, canEdit, history, mapDoc } = props
  const cells = useMemo(() => layoutCells(map, catalog, filters), [map, catalog, filters])
  const segments = visibleSegments(map.segments, filters)
  const [lifted, setLifted] = useState<Lifted | null>(null)
  const [adding, setAdding] = useState<string | null>(null)
  const dragging = useRef<{ placementId: string } | null>(null)
  const focusAfter = useRef<string | null>(null)
  const geometry = useRef(new DragGeometry())
  const scroller = useRef<HTMLDivElement>(null)
  const table = useRef<HTMLTableElement>(null)
  // The grid is one Tab stop: after each render, make sure one item holds it.
  useEffect(() => ensureRoving(scroller.current))
  // Fit: scale the table (CSS zoom) so every stage fits the grid's width; again when the width or the map changes.
  const fit = props.zoom === 'fit'
  useLayoutEffect(() => {
    const box = scroller.current
    const grid = table.current
    if (!box || !grid) return
    if (!fit) {
      grid.style.zoom = ''
      return
    }
    const apply = () => {
      grid.style.zoom = ''
      grid.style.zoom = String(fitScale(box.clientWidth, grid.getBoundingClientRect().width))
    }
    apply()
    const observer = new ResizeObserver(apply)
    observer.observe(box)
    return () => observer.disconnect()
  }, [fit, map.stages.length])

  // Translated once per grid, not per card.
  const labels = useMemo<CardLabels>(() => {
    const owners = new Map<string, string>()
    return {
      kind: Object.fromEntries(TOUCHPOINT_KINDS.map((k) => [k, t(`kinds.${k}`)])) as Record<TouchpointKind, string>,
      owner: (name) => owners.get(name) ?? (owners.set(name, t('card.owner', { name })), owners.get(name)!),
      noOwner: t('card.noOwner'),
      unknownOwner: t('card.unknownOwner'),
      editing: (names) => t('card.editing', { names }),
      processes: t('card.processes'),
      people: t('card.people'),
      backstageEmpty: t('card.backstageEmpty'),
    }
  }, [t])

  // Measures taken for a drag are wrong once the map changed or the grid scrolled.
  useEffect(() => geometry.current.clear(), [cells])
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const clear = () => geometry.current.clear()
    el.addEventListener('scroll', clear, { passive: true })
    window.addEventListener('scroll', clear, { passive: true })
    return () => {
      el.removeEventListener('scroll', clear)
      window.removeEventListener('scroll', clear)
    }
  }, [])

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
    if (onGridKey(e)) {
      e.preventDefault()
    } else if (e.key === 'Enter') {
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

  /** Hides the drop marker of every cell (the marker is drawn outside React, so dragging re-renders nothing). */
  const clearMarkers = () => {
    scroller.current?.querySelectorAll<HTMLElement>('td[data-over]').forEach((td) => {
      delete td.dataset.over
      const m = td.querySelector<HTMLElement>('[data-testid="drop-marker"]')
      if (m) m.hidden = true
    })
  }
  const showMarker = (td: HTMLElement, list: HTMLElement, spot: Spot) => {
    if (td.dataset.over === undefined) {
      clearMarkers()
      td.dataset.over = 'true'
    }
    const m = td.querySelector<HTMLElement>('[data-testid="drop-marker"]')
    if (!m) return
    m.hidden = false
    m.style.top = `${list.offsetTop + spot.y}px`
  }

  // Stable handlers for the memoised cards (they read the latest state through a ref).
  const latest = useRef({ onCardKey, onOpen: props.onOpen, onFocusCard: props.onFocusCard, clearMarkers })
  useEffect(() => {
    latest.current = { onCardKey, onOpen: props.onOpen, onFocusCard: props.onFocusCard, clearMarkers }
  })
  const stable = useMemo(
    () => ({
      onKeyDown: (e: React.KeyboardEvent<HTMLElement>, card: CardView) => latest.current.onCardKey(e, card),
      onOpen: (id: string, from: HTMLElement | null) => latest.current.onOpen(id, from),
      onFocusCard: (id: string | null) => latest.current.onFocusCard(id),
      onDragStart: (id: string) => {
        dragging.current = { placementId: id }
        geometry.current.clear()
      },
      onDragEnd: () => {
        dragging.current = null
        latest.current.clearMarkers()
      },
    }),
    [],
  )

  const add = (stage: Stage, segment: Segment, pick: { touchpointId: string } | { name: string }) => {
    const name = 'name' in pick ? pick.name : (catalog.get(pick.touchpointId)?.name ?? '')
    const placementId = history.act(({ map: m, catalog: c }) => {
      const touchpointId = 'touchpointId' in pick ? pick.touchpointId : c(() => addTouchpoint(props.catalogDoc, { name: pick.name }, props.me.id))
      return m(() => placeTouchpoint(mapDoc, { touchpointId, stageId: stage.id, segmentId: segment.id }))
    })
    props.announce(t('add.added', { name, stage: stage.name, segment: segment.name }))
    return placementId
  }

  const listOf = (td: HTMLElement) => td.querySelector<HTMLElement>('[role="list"]')

  return (
    <div
      ref={scroller}
      id="map-grid"
      data-compact={props.zoom !== 'normal'}
      data-zoom={props.zoom}
      onFocus={(e) => {
        if ((e.target as HTMLElement).dataset.gridItem !== undefined) setRoving(e.target as HTMLElement)
      }}
      className="group/grid max-h-[calc(100vh-16rem)] min-h-80 overflow-auto rounded-lg border border-slate-200 bg-slate-50 shadow-sm"
      data-testid="map-grid"
      data-catalog={catalog.ready ? 'ready' : 'loading'}
    >
      <table ref={table} className="border-separate border-spacing-0 text-left" aria-label={t('grid.label')} aria-describedby={canEdit ? 'map-card-instructions' : undefined}>
        <thead>
          <tr>
            <td className="sticky left-0 top-0 z-30 w-32 min-w-32 border-b sm:w-48 sm:min-w-48 border-r border-slate-200 bg-slate-100 px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-600">
              {t('grid.corner')}
            </td>
            {map.stages.map((s) => (
              <th key={s.id} scope="col" data-stage-id={s.id} className="sticky top-0 z-20 min-w-60 max-w-72 group-data-[compact=true]/grid:min-w-40 group-data-[compact=true]/grid:max-w-48 border-b border-r border-slate-200 bg-slate-100 px-3 py-2 align-top">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="truncate text-sm font-semibold text-slate-900" title={s.name}>
                      {s.name}
                    </div>
                    <div role="img" className="mt-0.5 flex items-center gap-1" aria-label={t('grid.weight', { weight: s.weight })} title={t('grid.weight', { weight: s.weight })}>
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
          {props.laneView.actions !== 'hidden' && (
            <>
              <TextLaneRow lane="actions" state={props.laneView.actions} map={map} canEdit={canEdit} history={history} mapDoc={mapDoc} />
              <VisibilityLine stages={map.stages.length} />
            </>
          )}
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
                const rest = lifted ? cards.filter((c) => c.placement.id !== lifted.placementId) : cards
                const items: Item[] = rest.map((c) => ({ kind: 'card', card: c }))
                if (liftedHere !== null && liftedView) items.splice(Math.min(liftedHere, items.length), 0, { kind: 'lifted', card: liftedView })
                return (
                  <td
                    key={s.id}
                    className={`relative min-w-60 max-w-72 group-data-[compact=true]/grid:min-w-40 group-data-[compact=true]/grid:max-w-48 border-b border-r border-slate-200 p-2 align-top data-[over=true]:bg-indigo-50 ${liftedHere !== null ? 'bg-indigo-50' : ''}`}
                    onDragOver={
                      canEdit
                        ? (e) => {
                            const d = dragging.current
                            const list = listOf(e.currentTarget)
                            if (!d || !list) return
                            e.preventDefault()
                            e.dataTransfer.dropEffect = 'move'
                            showMarker(e.currentTarget, list, geometry.current.spot(list, e.clientY, d.placementId))
                          }
                        : undefined
                    }
                    onDragLeave={(e) => {
                      if (e.currentTarget.contains(e.relatedTarget as Node | null) || e.currentTarget.dataset.over === undefined) return
                      delete e.currentTarget.dataset.over
                      const m = e.currentTarget.querySelector<HTMLElement>('[data-testid="drop-marker"]')
                      if (m) m.hidden = true
                    }}
                    onDrop={
                      canEdit
                        ? (e) => {
                            const d = dragging.current
                            const list = listOf(e.currentTarget)
                            if (!d || !list) return
                            e.preventDefault()
                            const { index } = geometry.current.spot(list, e.clientY, d.placementId)
                            clearMarkers()
                            dragging.current = null
                            move(d.placementId, { stageId: s.id, segmentId: g.id, index })
                            const name = catalog.get(map.placements.find((p) => p.id === d.placementId)?.touchpointId ?? '')?.name ?? ''
                            props.announce(t('dnd.moved', { name, stage: s.name, segment: g.name }))
                          }
                        : undefined
                    }
                  >
                    <div data-testid="drop-marker" hidden className="pointer-events-none absolute inset-x-2 top-0 h-1 rounded-full bg-indigo-600">
                      <span className="sr-only">{t('grid.dropHere')}</span>
                    </div>
                    <div role="list" aria-label={t('grid.cardsIn', { stage: s.name, segment: g.name })} className="flex min-h-12 flex-col gap-2">
                      {chunked(items).map((chunk, i) => (
                        <div
                          key={i}
                          data-chunk={chunk.filter((x) => x.kind === 'card').length}
                          className="flex flex-col gap-2 [content-visibility:auto]"
                          style={{ containIntrinsicSize: `auto 15rem auto ${chunk.length * CARD_ESTIMATE - 8}px` }}
                        >
                          {chunk.map((it) =>
                            it.kind === 'lifted' ? (
                              <div role="listitem" key={`lifted:${it.card.placement.id}`}>
                                <LiftedCard card={it.card} onKeyDown={onCardKey} onFocusCard={props.onFocusCard} />
                              </div>
                            ) : (
                              <Card
                                key={it.card.placement.id}
                                card={it.card}
                                labels={labels}
                                backstage={props.backstage}
                                canEdit={canEdit}
                                selected={props.selected === it.card.placement.id}
                                editors={props.others.get(it.card.placement.id)}
                                ownerName={it.card.touchpoint.ownerUserId ? props.people.get(it.card.touchpoint.ownerUserId) : undefined}
                                departmentName={it.card.touchpoint.ownerDepartmentId ? props.departments.get(it.card.touchpoint.ownerDepartmentId) : undefined}
                                onKeyDown={stable.onKeyDown}
                                onOpen={stable.onOpen}
                                onFocusCard={stable.onFocusCard}
                                onDragStart={stable.onDragStart}
                                onDragEnd={stable.onDragEnd}
                              />
                            ),
                          )}
                        </div>
                      ))}
                    </div>
                    {items.length === 0 && <p className="px-1 py-2 text-xs text-slate-500">{t('grid.emptyCell')}</p>}
                    {canEdit && (
                      <div className="mt-2">
                        {adding === key ? (
                          <AddTouchpoint
                            stageName={s.name}
                            segmentName={g.name}
                            touchpoints={catalog.all()}
                            onPick={(touchpointId) => {
                              add(s, g, { touchpointId })
                              closeAdd(key)
                            }}
                            onCreate={(name) => {
                              const placementId = add(s, g, { name })
                              // A new touchpoint has only a name: open its details to fill them in now.
                              closeAdd(key, false)
                              props.onCreated(placementId)
                            }}
                            onClose={(refocus) => closeAdd(key, refocus)}
                          />
                        ) : (
                          <button
                            type="button"
                            onClick={() => setAdding(key)}
                            // Adding reads and may write the catalog: not before it has synced.
                            disabled={!catalog.ready}
                            title={catalog.ready ? undefined : t('grid.catalogLoading')}
                            aria-label={t('grid.addToCell', { stage: s.name, segment: g.name })}
                            data-add-cell={key}
                            data-grid-item=""
                            tabIndex={-1}
                            onKeyDown={(e) => {
                              if (onGridKey(e)) e.preventDefault()
                            }}
                            className="flex w-full items-center justify-center gap-1 rounded-md border border-dashed border-slate-300 px-2 py-1.5 text-xs font-medium text-slate-600 hover:border-indigo-400 hover:bg-white hover:text-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-60"
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
          {props.laneView.backstage !== 'hidden' && <TextLaneRow lane="backstage" state={props.laneView.backstage} map={map} canEdit={canEdit} history={history} mapDoc={mapDoc} />}
          {props.laneView.emotions !== 'hidden' &&
            segments.map((g) => <EmotionRow key={`emotion:${g.id}`} segment={g} state={props.laneView.emotions} map={map} canEdit={canEdit} history={history} mapDoc={mapDoc} />)}
        </tbody>
      </table>
      <p id="map-card-instructions" className="sr-only">
        {t('card.instructions')}
      </p>
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
