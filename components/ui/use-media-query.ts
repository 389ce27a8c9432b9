'use client'

import { useSyncExternalStore } from 'react'

/** Whether a media query matches now (false on the server and in the first render of a hydrating page). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', notify)
      return () => list.removeEventListener('change', notify)
    },
    () => window.matchMedia(query).matches,
    () => false,
  )
}

/** Phone widths: below Tailwind's `sm` (640 px). */
export const PHONE_QUERY = '(max-width: 639.98px)'
