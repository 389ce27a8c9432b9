'use client'

import { useCallback, useSyncExternalStore } from 'react'

/**
 * How much of the map is in view: `normal` cards, `compact` cards (name and
 * badges only, narrower columns), or `fit` (compact, scaled so every stage
 * fits the width). Remembered per person, in this browser.
 */
export const ZOOMS = ['fit', 'compact', 'normal'] as const
export type Zoom = (typeof ZOOMS)[number]

const keyOf = (userId: string) => `touchmap.mapZoom.${userId}`
const listeners = new Set<() => void>()

function read(userId: string): Zoom {
  try {
    const v = localStorage.getItem(keyOf(userId))
    return (ZOOMS as readonly string[]).includes(v ?? '') ? (v as Zoom) : 'normal'
  } catch {
    return 'normal'
  }
}

export function useZoom(userId: string): [Zoom, (z: Zoom) => void] {
  const zoom = useSyncExternalStore(
    (cb) => {
      listeners.add(cb)
      window.addEventListener('storage', cb)
      return () => {
        listeners.delete(cb)
        window.removeEventListener('storage', cb)
      }
    },
    () => read(userId),
    () => 'normal' as Zoom,
  )
  const set = useCallback(
    (z: Zoom) => {
      try {
        localStorage.setItem(keyOf(userId), z)
      } catch {
        /* private mode: the choice lasts this page */
      }
      for (const l of listeners) l()
    },
    [userId],
  )
  return [zoom, set]
}

/** The scale that fits a table `contentWidth` wide into `available` pixels (never above 1, never below 0.3). */
export function fitScale(available: number, contentWidth: number): number {
  if (contentWidth <= 0 || available <= 0) return 1
  // Rounded down, with 2 px to spare for borders and sub-pixel widths, so no sideways scrollbar appears.
  return Math.max(0.3, Math.min(1, Math.floor(((available - 2) / contentWidth) * 1000) / 1000))
}
