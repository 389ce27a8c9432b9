'use client'

import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'

export type Editor = { id: string; name: string; colour: string }

/** Which placement each other person has selected (my own tabs left out). */
export function othersSelections(awareness: Awareness, myUserId?: string): Map<string, Editor[]> {
  const out = new Map<string, Editor[]>()
  const mine = (awareness.getLocalState() as { user?: { id?: string } } | null)?.user?.id ?? myUserId
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue
    const s = state as { user?: { id?: unknown; name?: unknown; colour?: unknown }; selection?: unknown }
    if (typeof s.selection !== 'string' || !s.user || typeof s.user.id !== 'string' || s.user.id === mine) continue
    const colour = typeof s.user.colour === 'string' && /^#[0-9a-f]{6}$/i.test(s.user.colour) ? s.user.colour : '#64748b'
    const name = typeof s.user.name === 'string' && s.user.name ? s.user.name : 'Someone'
    const list = out.get(s.selection) ?? []
    if (!list.some((e) => e.id === s.user!.id)) list.push({ id: s.user.id, name, colour })
    out.set(s.selection, list)
  }
  return out
}

const keyOf = (m: Map<string, Editor[]>) => JSON.stringify([...m.entries()])

/** Others' selections; a new value only when they changed (my own moves, e.g. focusing a card, re-render nothing). */
export function useOthersSelections(awareness: Awareness): Map<string, Editor[]> {
  const [value, setValue] = useState(() => othersSelections(awareness))
  useEffect(() => {
    const update = () => {
      const next = othersSelections(awareness)
      setValue((prev) => (keyOf(prev) === keyOf(next) ? prev : next))
    }
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness])
  return value
}
