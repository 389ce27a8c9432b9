'use client'

import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'

type PresentUser = { id: string; name: string; colour: string; self: boolean }

/** The people on a document right now, one entry per user (several tabs count once). The server wrote each `user`. */
export function presentUsers(awareness: Awareness): PresentUser[] {
  const byId = new Map<string, PresentUser>()
  for (const [clientId, state] of awareness.getStates()) {
    const u = (state as { user?: { id?: unknown; name?: unknown; colour?: unknown } }).user
    if (!u || typeof u.id !== 'string') continue
    const self = clientId === awareness.clientID
    const prev = byId.get(u.id)
    byId.set(u.id, {
      id: u.id,
      name: typeof u.name === 'string' && u.name ? u.name : 'Someone',
      colour: typeof u.colour === 'string' && /^#[0-9a-f]{6}$/i.test(u.colour) ? u.colour : '#64748b',
      self: self || (prev?.self ?? false),
    })
  }
  return [...byId.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
}

/** White or near-black, whichever reads at 4.5:1 or better on `hex` (WCAG relative luminance). */
export function textColourOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return 1.05 / (luminance + 0.05) >= 4.5 ? '#ffffff' : '#0f172a'
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase()
}

/** Avatars of who is here, for the map editor's toolbar. Pass the provider's awareness. */
export function PresenceAvatars({ awareness, max = 5, label = 'People on this map' }: { awareness: Awareness; max?: number; label?: string }) {
  const [users, setUsers] = useState<PresentUser[]>(() => presentUsers(awareness))
  useEffect(() => {
    const update = () => setUsers(presentUsers(awareness))
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness])

  const shown = users.slice(0, max)
  const hidden = users.length - shown.length
  return (
    <ul aria-label={label} className="flex items-center -space-x-2">
      {shown.map((u) => (
        <li key={u.id} title={u.self ? `${u.name} (you)` : u.name}>
          <span
            aria-hidden="true"
            className="flex h-8 w-8 items-center justify-center rounded-full text-xs font-semibold ring-2 ring-white"
            style={{ backgroundColor: u.colour, color: textColourOn(u.colour) }}
          >
            {initials(u.name)}
          </span>
          <span className="sr-only">{u.self ? `${u.name} (you)` : u.name}</span>
        </li>
      ))}
      {hidden > 0 && (
        <li title={users.slice(max).map((u) => u.name).join(', ')}>
          <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700 ring-2 ring-white">
            +{hidden}
          </span>
          <span className="sr-only">{`and ${hidden} more`}</span>
        </li>
      )}
    </ul>
  )
}
