'use client'

import { useTranslations } from 'next-intl'
import Link from 'next/link'
import { useEffect, useId, useState } from 'react'
import { promoteSegmentAction } from '@/app/w/[slug]/personas/actions'
import { useSignal } from '@/components/live/use-signal'
import { PersonaAvatar } from '@/components/personas/persona-avatar'
import type { Persona } from '@/lib/personas/model'

async function fetchPersonas(workspaceId: string): Promise<Persona[] | null> {
  try {
    const res = await fetch(`/api/workspaces/${workspaceId}/personas`, { cache: 'no-store', headers: { accept: 'application/json' } })
    return res.ok ? ((await res.json()) as Persona[]) : null
  } catch {
    return null // offline: the next signal or reconnect refetches
  }
}

/** The workspace's persona library, fetched once and again on every 'personas' signal (a late answer to an older request is dropped). */
export function usePersonaLibrary(workspaceId: string): Persona[] | null {
  const [list, setList] = useState<Persona[] | null>(null)
  const [round, setRound] = useState(0)
  useEffect(() => {
    let current = true
    void fetchPersonas(workspaceId).then((l) => {
      if (current && l) setList(l)
    })
    return () => {
      current = false
    }
  }, [workspaceId, round])
  useSignal(workspaceId, 'personas', () => setRound((n) => n + 1))
  return list
}

type Props = {
  workspaceId: string
  workspaceSlug: string
  mapId: string
  segmentId: string
  personaId: string | null
  canEdit: boolean
  canManage: boolean
  /** Links the row to a persona (copying its fields into the row), or unlinks it with null. */
  onLink: (persona: Persona | null) => void
}

/**
 * "Stands for": a row is a library persona (its name, profile, goal and
 * priority come from the library and change with it) or a map-only segment,
 * which a manager can promote to the library.
 */
export function PersonaLink({ workspaceId, workspaceSlug, mapId, segmentId, personaId, canEdit, canManage, onLink }: Props) {
  const t = useTranslations('mapEditor.persona')
  const library = usePersonaLibrary(workspaceId)
  const id = useId()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const linked = personaId ? library?.find((p) => p.id === personaId) : undefined
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t('standsFor')}
      </label>
      <select
        id={id}
        value={personaId ?? ''}
        disabled={!canEdit || library == null}
        onChange={(e) => {
          const next = e.currentTarget.value
          onLink(next ? (library?.find((p) => p.id === next) ?? null) : null)
        }}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600 disabled:bg-slate-100"
        aria-describedby={`${id}-hint`}
      >
        <option value="">{t('mapOnly')}</option>
        {personaId && library && !linked && <option value={personaId}>{t('deleted')}</option>}
        {library?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {library == null ? t('loading') : linked ? t('linkedHint') : library.length ? t('unlinkedHint') : t('emptyLibrary')}
      </p>
      {linked && (
        <p className="flex items-center gap-2 text-sm text-slate-800">
          <PersonaAvatar initials={linked.initials} colour={linked.colour} size="sm" />
          <Link href={`/w/${workspaceSlug}/personas/${linked.id}`} className="font-medium text-indigo-800 hover:underline">
            {t('editInLibrary', { name: linked.name })}
          </Link>
        </p>
      )}
      {!personaId && canEdit && canManage && (
        <button
          type="button"
          disabled={busy}
          className="text-sm font-medium text-indigo-800 underline-offset-2 hover:underline disabled:text-slate-400"
          onClick={async () => {
            setBusy(true)
            setError(null)
            const r = await promoteSegmentAction({ workspaceId, mapId, segmentId })
            setBusy(false)
            if (!r.ok) setError(r.error)
          }}
        >
          {busy ? t('promoting') : t('promote')}
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  )
}
