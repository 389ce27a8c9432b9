'use client'

import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { MapExportMenu } from '@/components/exports/map-export-menu'
import { PresenceAvatars } from '@/components/realtime/presence-avatars'
import { EmptyState } from '@/components/ui/empty-state'
import { addSegment as addSegmentDoc, addStage as addStageDoc, readMap, renameMap } from '@/lib/maps/doc-schema'
import { TOUCHPOINT_KINDS, type TouchpointKind } from '@/lib/maps/model'
import { mapNameSchema } from '@/lib/maps/schemas'
import { colourFor } from '@/realtime/presence'
import { CatalogIndex, previewCatalog, useCatalog, type PreviewTouchpoint } from './catalog-index'
import { HeaderEditor, type HeaderEditTarget } from './header-editor'
import { LaneControls, useLaneView } from './lanes'
import { FlagIcon, PencilIcon, PlusIcon, UndoIcon } from './icons'
import { MapGrid } from './map-grid'
import { countUnowned, NO_FILTERS, type Filters } from './logic'
import { useOthersSelections } from './presence'
import { KpiBadgesProvider, KpiChoice } from './kpi-badges'
import { ScoresProvider } from './scores'
import { TouchpointPanel } from './touchpoint-panel'
import { EditorHistory } from './undo'
import { FirstViewGrid, type FirstView } from './first-view'
import { focusGridItem, setRoving } from './grid-focus'
import { useZoom, ZOOMS, type Zoom } from './zoom'
import { useDocVersion, useLiveDocs, type Connection, type InitialTickets, type LiveDoc } from './use-live-docs'

export type Person = { userId: string; name: string }
export type Department = { id: string; name: string }

export type MapEditorProps = {
  workspaceId: string
  workspaceSlug: string
  mapId: string
  mapName: string
  catalogDoc: string
  mapDoc: string
  canEdit: boolean
  /** May set who owns a touchpoint ('touchpoints.assign': managers, admins, owners). The server drops owner changes from anyone else. */
  canAssign: boolean
  /** May promote a row to the persona library ('personas.manage'). */
  canManagePersonas: boolean
  me: { id: string; name: string }
  members: Person[]
  departments: Department[]
  /** The touchpoints placed on the map, from the read model: the cards' faces until the catalog document has synced. */
  placed?: PreviewTouchpoint[]
  /** The first segments of the map from the read model, drawn on the server until the live map has synced. */
  firstView?: FirstView
  /** Tickets issued with the page for the first connect of both documents (saves a round trip each). */
  initialTickets?: InitialTickets | null
  /** The workspace's KPIs, for the "Card KPI" choice. */
  metrics?: { id: string; name: string; unit: string }[]
}

declare global {
  interface Window {
    /** The editor's live documents, for debugging and the e2e tests (the server decides what is applied). */
    __touchmapEditor?: { mapDoc: Y.Doc; catalogDoc: Y.Doc }
  }
}

export function MapEditor(props: MapEditorProps) {
  const t = useTranslations('mapEditor')
  const { docs, mapReady, catalogReady, connection, denied } = useLiveDocs(props.catalogDoc, props.mapDoc, props.initialTickets)
  const previewNames = useMemo(() => new Map((props.placed ?? []).map((p) => [p.id, { name: p.name, kind: p.kind }])), [props.placed])

  // The catalog connects once the map is on screen (or after a while anyway): applying a big catalog must not hold the map back.
  useEffect(() => {
    if (!docs) return
    const start = docs.startCatalog
    if (!mapReady) {
      const t = setTimeout(start, 3000)
      return () => clearTimeout(t)
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    const raf = requestAnimationFrame(() => {
      timer = setTimeout(start, 0)
    })
    return () => {
      cancelAnimationFrame(raf)
      if (timer) clearTimeout(timer)
    }
  }, [docs, mapReady])

  useEffect(() => {
    if (!docs) return
    window.__touchmapEditor = { mapDoc: docs.map.doc, catalogDoc: docs.catalog.doc }
    return () => {
      delete window.__touchmapEditor
    }
  }, [docs])

  return (
    <div className="-my-4 space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/w/${props.workspaceSlug}/maps`} className="rounded text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {t('backToMaps')}
        </Link>
      </nav>
      {denied && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {t('connection.denied')}
        </p>
      )}
      {docs && mapReady ? (
        <LiveEditor {...props} catalog={docs.catalog} map={docs.map} catalogReady={catalogReady} connection={connection} />
      ) : denied ? null : (
        <>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{props.mapName}</h1>
          {props.firstView && props.firstView.stages.length > 0 && props.firstView.segments.length > 0 ? (
            // The map as last saved, from the server, while the live document connects (read-only, inert).
            <>
              <p role="status" className="flex items-center gap-2 text-sm text-slate-700">
                <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-indigo-200 border-t-indigo-700" />
                {t('firstView.connecting')}
              </p>
              <FirstViewGrid view={props.firstView} names={previewNames} />
            </>
          ) : (
            <div role="status" aria-live="polite" className="flex min-h-64 flex-col items-center justify-center gap-3 rounded-xl border border-slate-200 bg-white p-10 text-center">
              <span aria-hidden="true" className="h-8 w-8 animate-spin rounded-full border-4 border-indigo-200 border-t-indigo-700" />
              <p className="font-medium text-slate-900">{t('loading')}</p>
              <p className="max-w-md text-sm text-slate-600">{t('loadingHint')}</p>
            </div>
          )}
        </>
      )}
    </div>
  )
}

const readMapAt = (doc: Y.Doc, _version: number) => readMap(doc)

function LiveEditor(props: MapEditorProps & { catalog: LiveDoc; map: LiveDoc; catalogReady: boolean; connection: Connection }) {
  const t = useTranslations('mapEditor')
  const tv = useTranslations('versions')
  const tc = useTranslations('competitors')
  const { catalog, map, canEdit, me } = props
  // The map is re-read when it changes; the catalog (maybe thousands of touchpoints) is read lazily, only what the map shows.
  const mv = useDocVersion(map.doc)
  const mapSnapshot = useMemo(() => readMapAt(map.doc, mv), [map.doc, mv])
  const [index] = useState(() => new CatalogIndex(catalog.doc))
  useEffect(() => {
    index.start()
    return () => index.stop()
  }, [index])
  const preview = useMemo(() => previewCatalog(props.placed ?? []), [props.placed])
  const catalogView = useCatalog(index, props.catalogReady, preview)
  const data = { map: mapSnapshot, catalog: catalogView }
  const [laneView, setLane] = useLaneView(mapSnapshot.lanes)

  const [history] = useState(() => new EditorHistory(map.doc, catalog.doc))
  useEffect(() => {
    history.start()
    return () => history.stop()
  }, [history])
  const { canUndo, canRedo } = useSyncExternalStore(history.subscribe, history.getSnapshot, history.getSnapshot)

  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [backstage, setBackstage] = useState(false)
  const [zoom, setZoom] = useZoom(me.id)
  const [panel, setPanel] = useState<{ id: string; isNew: boolean } | null>(null)
  const panelFor = panel?.id ?? null
  const [headerEdit, setHeaderEdit] = useState<HeaderEditTarget | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const returnFocus = useRef<{ el: HTMLElement | null; id: string } | null>(null)

  // Presence: who I am (the server overwrites it with the same), and which card I am on.
  const awareness = map.provider.awareness
  useEffect(() => {
    awareness.setLocalStateField('user', { id: me.id, name: me.name, colour: colourFor(me.id) })
  }, [awareness, me.id, me.name])
  // The focused card is told to the others without re-rendering the editor (a focus change must not redraw a thousand cards).
  const focused = useRef<string | null>(null)
  const panelOpen = useRef<string | null>(null)
  useEffect(() => {
    panelOpen.current = panelFor
    awareness.setLocalStateField('selection', panelFor ?? focused.current)
  }, [awareness, panelFor])
  const onFocusCard = useCallback(
    (id: string | null) => {
      focused.current = id
      const selection = panelOpen.current ?? id
      if (awareness.getLocalState()?.selection !== selection) awareness.setLocalStateField('selection', selection)
    },
    [awareness],
  )
  const others = useOthersSelections(awareness)

  // Undo and redo from the keyboard, anywhere in the editor except text fields (they keep their own undo).
  useEffect(() => {
    if (!canEdit) return
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return
      const k = e.key.toLowerCase()
      if (k !== 'z' && k !== 'y') return
      const el = e.target as HTMLElement | null
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return
      e.preventDefault()
      if (k === 'y' || e.shiftKey) history.redo()
      else history.undo()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [canEdit, history])

  const people = useMemo(() => new Map(props.members.map((m) => [m.userId, m.name])), [props.members])
  const departments = useMemo(() => new Map(props.departments.map((d) => [d.id, d.name])), [props.departments])

  const openPanel = useCallback((placementId: string, from: HTMLElement | null) => {
    returnFocus.current = { el: from, id: placementId }
    setPanel({ id: placementId, isNew: false })
  }, [])
  /** A touchpoint just created from a cell: its details open right away, in the description. */
  const openNew = useCallback((placementId: string) => {
    returnFocus.current = { el: null, id: placementId }
    setPanel({ id: placementId, isNew: true })
  }, [])
  const closePanel = useCallback(() => {
    setPanel(null)
    const back = returnFocus.current
    returnFocus.current = null
    // The card may have moved (remounted) meanwhile: find it again by id.
    requestAnimationFrame(() => {
      const id = back?.el?.dataset.placement ?? back?.id
      const again = id ? document.querySelector<HTMLElement>(`[data-placement="${CSS.escape(id)}"]`) : null
      ;(again ?? back?.el)?.focus()
    })
  }, [])

  const mapName = data.map.name || props.mapName
  const { stages, segments } = data.map
  const filtered = filters.segmentId !== null || filters.kind !== null || filters.owner !== null
  const placed = data.map.placements.some((p) => data.catalog.get(p.touchpointId)?.status === 'active')
  const unowned = useMemo(() => countUnowned(mapSnapshot, catalogView), [mapSnapshot, catalogView])
  const unownedOnly = filters.owner === 'none'

  const addStage = () => {
    const id = history.act(({ map: m }) => m(() => addStageDoc(map.doc, { name: t('header.newStage') })))
    setHeaderEdit({ which: 'stages', id, isNew: true })
  }
  const addSegment = () => {
    const id = history.act(({ map: m }) => m(() => addSegmentDoc(map.doc, { name: t('header.newSegment') })))
    setHeaderEdit({ which: 'segments', id, isNew: true })
  }

  return (
    <ScoresProvider key={props.workspaceId} workspaceId={props.workspaceId}>
      <KpiBadgesProvider workspaceId={props.workspaceId} mapId={props.mapId}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <MapTitle name={mapName} canEdit={canEdit} onRename={(name) => history.act(({ map: m }) => m(() => renameMap(map.doc, name)))} />
            {!canEdit && <p className="mt-1 text-sm text-slate-600">{t('readOnly')}</p>}
          </div>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <ConnectionBadge connection={props.connection} />
            <PresenceAvatars awareness={awareness} label={t('toolbar.presence')} />
            <Link href={`/w/${props.workspaceSlug}/maps/${props.mapId}/versions`} className="rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
              {tv('link')}
            </Link>
            <Link href={`/w/${props.workspaceSlug}/maps/${props.mapId}/competitors`} className="rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
              {tc('link')}
            </Link>
            <Link href={`/w/${props.workspaceSlug}/maps/${props.mapId}/share`} className="rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
              {t('toolbar.shareAndPresent')}
            </Link>
            <MapExportMenu workspaceId={props.workspaceId} mapId={props.mapId} />
          </div>
        </div>

        <a
          href="#map-grid"
          onClick={(e) => {
            const item = document.querySelector<HTMLElement>('#map-grid [data-grid-item][tabindex="0"]')
            if (!item) return
            e.preventDefault()
            focusGridItem(item)
          }}
          className="sr-only focus:not-sr-only focus:inline-block focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-indigo-800 focus:shadow"
        >
          {t('toolbar.skipToMap')}
        </a>
        <div role="toolbar" aria-label={t('toolbar.label')} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
          {canEdit && (
            <div className="flex gap-1">
              <ToolButton onClick={() => history.undo()} disabled={!canUndo} title={t('toolbar.undoShortcut')}>
                <UndoIcon />
                {t('toolbar.undo')}
              </ToolButton>
              <ToolButton onClick={() => history.redo()} disabled={!canRedo} title={t('toolbar.redoShortcut')}>
                <UndoIcon redo />
                {t('toolbar.redo')}
              </ToolButton>
            </div>
          )}
          <FilterSelect
            label={t('filters.segment')}
            value={filters.segmentId ?? ''}
            onChange={(v) => setFilters((f) => ({ ...f, segmentId: v || null }))}
          >
            <option value="">{t('filters.allSegments')}</option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t('filters.kind')} value={filters.kind ?? ''} onChange={(v) => setFilters((f) => ({ ...f, kind: (v || null) as TouchpointKind | null }))}>
            <option value="">{t('filters.allKinds')}</option>
            {TOUCHPOINT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t('filters.owner')} value={filters.owner ?? ''} onChange={(v) => setFilters((f) => ({ ...f, owner: v || null }))}>
            <option value="">{t('filters.allOwners')}</option>
            <option value="none">{t('filters.noOwner')}</option>
            {props.members.length > 0 && (
              <optgroup label={t('filters.people')}>
                {props.members.map((m) => (
                  <option key={m.userId} value={`user:${m.userId}`}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            )}
            {props.departments.length > 0 && (
              <optgroup label={t('filters.departments')}>
                {props.departments.map((d) => (
                  <option key={d.id} value={`dept:${d.id}`}>
                    {d.name}
                  </option>
                ))}
              </optgroup>
            )}
          </FilterSelect>
          {/* A fixed slot: the chip appearing once the catalog has loaded does not push the rest of the toolbar. */}
          <div className="flex items-end sm:min-w-40">
          {(unowned > 0 || unownedOnly) && (
            <button
              type="button"
              aria-pressed={unownedOnly}
              title={t('filters.unownedHint')}
              data-testid="unowned-count"
              onClick={() => setFilters((f) => ({ ...f, owner: f.owner === 'none' ? null : 'none' }))}
              className={`inline-flex items-center gap-1.5 rounded-md border px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
                unownedOnly ? 'border-amber-700 bg-amber-100 text-amber-950' : 'border-amber-300 bg-amber-50 text-amber-900 hover:bg-amber-100'
              }`}
            >
              <FlagIcon />
              {t('filters.unowned', { count: unowned })}
            </button>
          )}
          </div>
          {filtered && (
            <ToolButton onClick={() => setFilters(NO_FILTERS)}>{t('filters.clear')}</ToolButton>
          )}
          {canEdit && props.metrics && <KpiChoice workspaceId={props.workspaceId} mapId={props.mapId} metrics={props.metrics} />}
          <label className="flex cursor-pointer items-center gap-2 self-center rounded-md px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-50" title={t('toolbar.backstageHint')}>
            <input type="checkbox" checked={backstage} onChange={(e) => setBackstage(e.target.checked)} className="h-4 w-4 rounded border-slate-400 accent-indigo-700 focus:outline-2 focus:outline-indigo-600" />
            {t('toolbar.backstage')}
          </label>
          <LaneControls view={laneView} onChange={setLane} />
          <ZoomControl zoom={zoom} onChange={setZoom} />
          {stages.length > 1 && <StageJump stages={stages} />}
          {canEdit && (
            <div className="ml-auto flex gap-2">
              <ToolButton onClick={addStage}>
                <PlusIcon />
                {t('toolbar.addStage')}
              </ToolButton>
              <ToolButton onClick={addSegment}>
                <PlusIcon />
                {t('toolbar.addSegment')}
              </ToolButton>
            </div>
          )}
        </div>

        {props.connection === 'offline' && (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t('connection.offlineHint')}
          </p>
        )}
        {filtered && <p className="text-sm text-slate-600">{t('filters.hiding')}</p>}

        {stages.length === 0 ? (
          <EmptyState
            title={t('empty.noStagesTitle')}
            body={canEdit ? t('empty.noStagesBody') : t('empty.viewerNoStages')}
            action={
              canEdit ? (
                <button type="button" onClick={addStage} className={primary}>
                  <PlusIcon />
                  {t('toolbar.addStage')}
                </button>
              ) : undefined
            }
          />
        ) : segments.length === 0 ? (
          <EmptyState
            title={t('empty.noSegmentsTitle')}
            body={canEdit ? t('empty.noSegmentsBody') : t('empty.viewerNoSegments')}
            action={
              canEdit ? (
                <button type="button" onClick={addSegment} className={primary}>
                  <PlusIcon />
                  {t('toolbar.addSegment')}
                </button>
              ) : undefined
            }
          />
        ) : (
          <>
            {!placed && canEdit && <p className="max-w-3xl text-sm leading-6 text-slate-600">{t('empty.noCards')}</p>}
            <MapGrid
              zoom={zoom}
              map={data.map}
              catalog={data.catalog}
              filters={filters}
              backstage={backstage}
              laneView={laneView}
              canEdit={canEdit}
              history={history}
              mapDoc={map.doc}
              catalogDoc={catalog.doc}
              me={me}
              people={people}
              departments={departments}
              others={others}
              selected={panelFor}
              onOpen={openPanel}
              onFocusCard={onFocusCard}
              onEditHeader={setHeaderEdit}
              onCreated={openNew}
              announce={setAnnouncement}
            />
          </>
        )}

        {panel && (
          <TouchpointPanel
            key={panel.id}
            placementId={panel.id}
            catalogReady={props.catalogReady}
            focusField={panel.isNew && canEdit ? 'description' : undefined}
            map={data.map}
            catalog={data.catalog}
            canEdit={canEdit}
            canAssign={props.canAssign}
            workspaceSlug={props.workspaceSlug}
            history={history}
            mapDoc={map.doc}
            catalogDoc={catalog.doc}
            me={me}
            members={props.members}
            departments={props.departments}
            others={others.get(panel.id) ?? []}
            onClose={closePanel}
            announce={setAnnouncement}
          />
        )}
        {headerEdit && (
          <HeaderEditor
            target={headerEdit}
            map={data.map}
            canEdit={canEdit}
            history={history}
            mapDoc={map.doc}
            place={{ workspaceId: props.workspaceId, workspaceSlug: props.workspaceSlug, mapId: props.mapId, canManagePersonas: props.canManagePersonas }}
            onClose={() => setHeaderEdit(null)}
          />
        )}
        <div aria-live="assertive" role="status" className="sr-only" data-testid="editor-announcer">
          {announcement}
        </div>
      </div>
      </KpiBadgesProvider>
    </ScoresProvider>
  )
}

const primary =
  'inline-flex items-center justify-center gap-2 rounded-md bg-indigo-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600'

/**
 * The map's name as the page heading; editors rename it in place (Enter or
 * leaving the field saves, Escape cancels). It lives in the map document, so
 * everyone on the map sees the new name at once, and the maps list gets it
 * from the read model.
 */
function MapTitle({ name, canEdit, onRename }: { name: string; canEdit: boolean; onRename: (name: string) => void }) {
  const t = useTranslations('mapEditor.rename')
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const id = useId()
  const editing = draft !== null
  useEffect(() => {
    if (editing) inputRef.current?.select()
  }, [editing])

  const stop = () => {
    setDraft(null)
    setError(null)
    requestAnimationFrame(() => buttonRef.current?.focus())
  }
  const save = () => {
    if (draft === null) return
    const r = mapNameSchema.safeParse(draft)
    if (!r.success) {
      setError(r.error.issues[0]?.message ?? t('error'))
      inputRef.current?.focus()
      return
    }
    if (r.data !== name) onRename(r.data)
    stop()
  }

  if (draft === null)
    return (
      <div className="flex min-w-0 items-center gap-1">
        <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{name}</h1>
        {canEdit && (
          <button
            ref={buttonRef}
            type="button"
            onClick={() => setDraft(name)}
            aria-label={t('button', { name })}
            title={t('button', { name })}
            className="shrink-0 rounded p-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <PencilIcon />
          </button>
        )}
      </div>
    )
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <h1 className="sr-only">{name}</h1>
      <div className="min-w-0">
        <label htmlFor={id} className="sr-only">
          {t('label')}
        </label>
        <input
          ref={inputRef}
          id={id}
          value={draft}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setDraft(e.target.value)
            const r = mapNameSchema.safeParse(e.target.value)
            setError(r.success ? null : (r.error.issues[0]?.message ?? t('error')))
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault()
              stop()
            }
          }}
          className={`block w-96 max-w-full rounded-md border bg-white px-2 py-1 text-xl font-semibold text-slate-900 focus:outline-2 focus:outline-indigo-600 ${error ? 'border-red-500' : 'border-slate-300'}`}
        />
        {error && (
          <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="inline-flex items-center rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        {t('save')}
      </button>
      <button type="button" onClick={stop} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        {t('cancel')}
      </button>
    </form>
  )
}

function ToolButton({ children, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-400"
      {...props}
    >
      {children}
    </button>
  )
}

/** Fit / Compact / Normal: three toggle buttons, one pressed. */
function ZoomControl({ zoom, onChange }: { zoom: Zoom; onChange: (z: Zoom) => void }) {
  const t = useTranslations('mapEditor.toolbar')
  const id = useId()
  return (
    <div className="flex flex-col gap-1">
      <span id={id} className="text-xs font-medium text-slate-700">
        {t('zoom')}
      </span>
      <div role="group" aria-labelledby={id} className="flex rounded-md border border-slate-300 bg-white p-0.5">
        {ZOOMS.map((z) => (
          <button
            key={z}
            type="button"
            aria-pressed={zoom === z}
            title={t(`zoomHint.${z}`)}
            onClick={() => onChange(z)}
            className={`rounded px-2.5 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${zoom === z ? 'bg-indigo-700 text-white' : 'text-slate-800 hover:bg-slate-100'}`}
          >
            {t(`zoomLevel.${z}`)}
          </button>
        ))}
      </div>
    </div>
  )
}

/** Jump to a stage: the grid scrolls it to the left edge and the keyboard focus goes to its first item. */
function StageJump({ stages }: { stages: { id: string; name: string }[] }) {
  const t = useTranslations('mapEditor.toolbar')
  return (
    <FilterSelect
      label={t('jump')}
      value=""
      onChange={(id) => {
        const grid = document.getElementById('map-grid')
        const th = grid?.querySelector<HTMLElement>(`th[data-stage-id="${CSS.escape(id)}"]`)
        if (!grid || !th) return
        const corner = grid.querySelector<HTMLElement>('thead td')
        const scale = Number(grid.querySelector('table')?.style.zoom || 1)
        grid.scrollLeft = (th.offsetLeft - (corner?.offsetWidth ?? 0)) * scale
        const col = (th as HTMLTableCellElement).cellIndex
        const first = [...grid.querySelectorAll<HTMLTableRowElement>('tbody tr')].map((r) => r.cells[col]?.querySelector<HTMLElement>('[data-grid-item]')).find(Boolean)
        if (first) {
          setRoving(first)
          first.focus({ preventScroll: true })
        }
      }}
    >
      <option value="">{t('jumpChoose')}</option>
      {stages.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </FilterSelect>
  )
}

function FilterSelect({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  const id = useId()
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="min-w-36 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
      >
        {children}
      </select>
    </div>
  )
}

function ConnectionBadge({ connection }: { connection: Connection }) {
  const t = useTranslations('mapEditor.connection')
  const tone = connection === 'live' ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : connection === 'offline' ? 'bg-amber-50 text-amber-900 ring-amber-300' : 'bg-slate-100 text-slate-700 ring-slate-200'
  const dot = connection === 'live' ? 'bg-emerald-600' : connection === 'offline' ? 'bg-amber-600' : 'bg-slate-500 animate-pulse'
  return (
    <span role="status" data-connection={connection} className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ${tone}`}>
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dot}`} />
      {t(connection)}
    </span>
  )
}
