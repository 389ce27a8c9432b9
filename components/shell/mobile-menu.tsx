'use client'

import { usePathname } from 'next/navigation'
import { useEffect, useId, useRef, useState } from 'react'
import { Icon } from './icons'

/**
 * Below `lg`, the main menu lives in a drawer: a "Menu" button opens every
 * item (the sections, the account, signing out) in one panel. Escape, the
 * backdrop or following a link closes it; focus goes in on opening, stays
 * inside while open, and returns to the button on closing.
 */
export function MobileMenu({ labels, children }: { labels: { open: string; close: string; title: string }; children: React.ReactNode }) {
  const [open, setOpen] = useState(false)
  const pathname = usePathname()
  const panelId = useId()
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  const wasOpen = useRef(false)

  // Following a link (a new path) closes the drawer.
  const [seenPath, setSeenPath] = useState(pathname)
  if (seenPath !== pathname) {
    setSeenPath(pathname)
    setOpen(false)
  }

  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('a, button')?.focus()
    else if (wasOpen.current) button.current?.focus()
    wasOpen.current = open
  }, [open])

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') return setOpen(false)
    if (e.key !== 'Tab' || !panel.current) return
    const focusable = [...panel.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')]
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last?.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first?.focus()
    }
  }

  return (
    <div className="lg:hidden">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(true)}
        className="flex items-center gap-1.5 rounded-md border border-slate-200 px-2.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <Icon name="menu" className="h-5 w-5" />
        {labels.open}
      </button>
      <div id={panelId} hidden={!open} className="fixed inset-0 z-50" onKeyDown={onKeyDown}>
        <div className="absolute inset-0 bg-slate-900/40" aria-hidden="true" onClick={() => setOpen(false)} />
        <div
          ref={panel}
          role="dialog"
          aria-modal="true"
          aria-label={labels.title}
          className="absolute inset-y-0 right-0 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white p-3 shadow-xl"
        >
          <div className="mb-2 flex items-center justify-between px-2">
            <span className="text-sm font-semibold text-slate-900">{labels.title}</span>
            <button
              type="button"
              onClick={() => setOpen(false)}
              className="rounded-md p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <Icon name="close" className="h-5 w-5" />
              <span className="sr-only">{labels.close}</span>
            </button>
          </div>
          {children}
        </div>
      </div>
    </div>
  )
}
