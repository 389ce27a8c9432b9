'use client'

import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import { useSignal } from '@/components/live/use-signal'
import { fetchNotifications, markNotificationsRead, notificationsKey, type NotificationItem, type NotificationPage } from './api'
import { KindBadge, RelativeTime } from './notification-parts'

type Props = { workspaceId: string; userId: string; slug: string }

const PANEL_LIMIT = 15

/** The bell in the workspace shell: unread count, and a panel of the newest notifications. Live. */
export function NotificationBell(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 1 } } }))
  return (
    <QueryClientProvider client={client}>
      <Bell {...props} />
    </QueryClientProvider>
  )
}

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])'

function Bell({ workspaceId, userId, slug }: Props) {
  const t = useTranslations('notifications')
  const router = useRouter()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const [markError, setMarkError] = useState<string | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const wrapperRef = useRef<HTMLDivElement>(null)
  const panelId = useId()
  const titleId = useId()
  const key = notificationsKey(workspaceId, 'panel')

  const query = useQuery({ queryKey: key, queryFn: () => fetchNotifications(workspaceId, { limit: PANEL_LIMIT }) })
  const refetch = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['notifications', workspaceId] })
  }, [queryClient, workspaceId])
  useSignal(workspaceId, 'notifications', refetch, userId)

  const markAll = useMutation({
    mutationFn: () => markNotificationsRead(workspaceId, { all: true }),
    onMutate: async () => {
      setMarkError(null)
      await queryClient.cancelQueries({ queryKey: key })
      const before = queryClient.getQueryData<NotificationPage>(key)
      const now = new Date().toISOString()
      if (before) queryClient.setQueryData<NotificationPage>(key, { ...before, unread: 0, items: before.items.map((i) => ({ ...i, readAt: i.readAt ?? now })) })
      return { before }
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.before) queryClient.setQueryData(key, ctx.before)
      setMarkError(t('markError'))
    },
    onSettled: refetch,
  })

  const close = useCallback((focusButton = true) => {
    setOpen(false)
    setMarkError(null)
    if (focusButton) buttonRef.current?.focus()
  }, [])

  // The panel is portalled to <body> (the shell's sidebar is its own stacking context, under the page), placed under the bell.
  const [pos, setPos] = useState<{ top: number; left: number; width: number } | null>(null)
  useLayoutEffect(() => {
    if (!open) return
    const place = () => {
      const r = buttonRef.current?.getBoundingClientRect()
      if (!r) return
      const vw = document.documentElement.clientWidth
      const width = Math.min(384, vw - 24)
      setPos({ top: r.bottom + 8, left: Math.max(12, Math.min(r.left, vw - width - 12)), width })
    }
    place()
    window.addEventListener('resize', place)
    window.addEventListener('scroll', place, true)
    return () => {
      window.removeEventListener('resize', place)
      window.removeEventListener('scroll', place, true)
    }
  }, [open])

  // Focus moves into the panel when it opens (once it is placed).
  const placed = pos !== null
  useEffect(() => {
    if (!open) return
    const first = panelRef.current?.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ?? panelRef.current
    first?.focus()
  }, [open, placed])

  // Escape closes it wherever focus is (a click may have moved focus out of the panel).
  useEffect(() => {
    if (!open) return
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) close(panelRef.current?.contains(document.activeElement) || document.activeElement === document.body)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [open, close])

  // A click outside closes the panel (without stealing focus from what was clicked).
  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node
      if (!wrapperRef.current?.contains(target) && !panelRef.current?.contains(target)) close(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open, close])

  function onPanelKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault()
      close()
      return
    }
    const focusables = [...(panelRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])]
    if (!focusables.length) return
    const index = focusables.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'Tab') {
      // Focus stays in the panel while it is open.
      if (e.shiftKey && index <= 0) {
        e.preventDefault()
        focusables[focusables.length - 1]!.focus()
      } else if (!e.shiftKey && index === focusables.length - 1) {
        e.preventDefault()
        focusables[0]!.focus()
      }
      return
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const items = [...(panelRef.current?.querySelectorAll<HTMLElement>('[data-notification]') ?? [])]
      if (!items.length) return
      e.preventDefault()
      const at = items.indexOf(document.activeElement as HTMLElement)
      const next = e.key === 'ArrowDown' ? (at + 1) % items.length : at <= 0 ? items.length - 1 : at - 1
      items[next]!.focus()
    }
    if (e.key === 'Home' || e.key === 'End') {
      const items = [...(panelRef.current?.querySelectorAll<HTMLElement>('[data-notification]') ?? [])]
      if (!items.length) return
      e.preventDefault()
      items[e.key === 'Home' ? 0 : items.length - 1]!.focus()
    }
  }

  async function openItem(item: NotificationItem) {
    close(false)
    if (!item.readAt) {
      const page = queryClient.getQueryData<NotificationPage>(key)
      if (page) {
        queryClient.setQueryData<NotificationPage>(key, {
          ...page,
          unread: Math.max(0, page.unread - 1),
          items: page.items.map((i) => (i.id === item.id ? { ...i, readAt: new Date().toISOString() } : i)),
        })
      }
      markNotificationsRead(workspaceId, { ids: [item.id] }).catch(() => {}).finally(refetch)
    }
    if (item.link) router.push(item.link)
  }

  const unread = query.data?.unread ?? 0
  // Screen readers hear when new notifications arrive, not the count on every page load.
  const [announce, setAnnounce] = useState('')
  const previous = useRef<number | null>(null)
  useEffect(() => {
    if (!query.data) return
    if (previous.current !== null && query.data.unread > previous.current) setAnnounce(t('bellUnread', { count: query.data.unread }))
    previous.current = query.data.unread
  }, [query.data, t])
  const items = query.data?.items ?? []
  const badge = unread > 99 ? '99+' : String(unread)

  return (
    <div ref={wrapperRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={unread ? t('bellUnread', { count: unread }) : t('bellLabel')}
        data-testid="notification-bell"
        data-unread={unread}
        onClick={() => (open ? close() : setOpen(true))}
        className="relative inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" className="h-5 w-5" aria-hidden="true" focusable="false">
          <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" />
        </svg>
        {unread > 0 && (
          <span
            aria-hidden="true"
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 flex h-[18px] min-w-[18px] items-center justify-center rounded-full bg-red-600 px-1 text-[11px] font-semibold leading-none text-white ring-2 ring-white"
          >
            {badge}
          </span>
        )}
      </button>
      <span className="sr-only" aria-live="polite">
        {announce}
      </span>

      {open &&
        pos &&
        createPortal(
          <div
            ref={panelRef}
            id={panelId}
            role="dialog"
            aria-modal="false"
            aria-labelledby={titleId}
            tabIndex={-1}
            onKeyDown={onPanelKeyDown}
            style={{ top: pos.top, left: pos.left, width: pos.width }}
            className="fixed z-50 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xl focus:outline-none"
          >
            <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
              <h2 id={titleId} className="text-sm font-semibold text-slate-900">
                {t('panelTitle')}
              </h2>
              <div className="flex items-center gap-1">
                <button
                  type="button"
                  data-autofocus
                  onClick={() => markAll.mutate()}
                  disabled={unread === 0 || markAll.isPending}
                  className="rounded px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-transparent"
                >
                  {markAll.isPending ? t('markingAllRead') : t('markAllRead')}
                </button>
                <button
                  type="button"
                  onClick={() => close()}
                  aria-label={t('close')}
                  className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" className="h-4 w-4" aria-hidden="true" focusable="false">
                    <path d="M6 6l12 12M18 6L6 18" />
                  </svg>
                </button>
              </div>
            </div>
            {markError && (
              <p role="alert" className="border-b border-red-100 bg-red-50 px-4 py-2 text-xs text-red-800">
                {markError}
              </p>
            )}
            <div className="max-h-[min(28rem,70vh)] overflow-y-auto">
              {query.isPending ? (
                <p className="px-4 py-6 text-sm text-slate-600" role="status">
                  {t('loading')}
                </p>
              ) : query.isError ? (
                <div className="px-4 py-6 text-sm" role="alert">
                  <p className="text-red-800">{t('loadError')}</p>
                  <button type="button" onClick={() => void query.refetch()} className="mt-2 text-sm font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                    {t('retry')}
                  </button>
                </div>
              ) : items.length === 0 ? (
                <div className="px-5 py-8 text-center">
                  <p className="text-sm font-semibold text-slate-900">{t('emptyTitle')}</p>
                  <p className="mt-1 text-sm leading-6 text-slate-600">{t('emptyBody')}</p>
                </div>
              ) : (
                <ul className="divide-y divide-slate-100" aria-labelledby={titleId}>
                  {items.map((item) => (
                    <li key={item.id}>
                      <a
                        href={item.link ?? `/w/${slug}/notifications`}
                        data-notification
                        onClick={(e) => {
                          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return
                          e.preventDefault()
                          void openItem({ ...item, link: item.link ?? `/w/${slug}/notifications` })
                        }}
                        className={`flex gap-3 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-indigo-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 ${item.readAt ? '' : 'bg-indigo-50/40'}`}
                      >
                        <span className="mt-1.5 flex h-2 w-2 shrink-0 rounded-full" aria-hidden="true">
                          {!item.readAt && <span className="h-2 w-2 rounded-full bg-indigo-600" />}
                        </span>
                        <span className="min-w-0 flex-1">
                          <span className={`block text-sm ${item.readAt ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>
                            {!item.readAt && <span className="sr-only">{t('unread')}: </span>}
                            {item.title}
                          </span>
                          {item.body && <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600">{item.body}</span>}
                          <span className="mt-1 flex items-center gap-2 text-xs text-slate-500">
                            <KindBadge kind={item.kind} />
                            <RelativeTime iso={item.createdAt} />
                          </span>
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="border-t border-slate-200 px-4 py-2.5 text-center">
              <Link
                href={`/w/${slug}/notifications`}
                onClick={() => close(false)}
                className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                {t('seeAll')}
              </Link>
            </div>
          </div>,
          document.body,
        )}
    </div>
  )
}
