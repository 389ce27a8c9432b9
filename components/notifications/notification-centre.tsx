'use client'

import { QueryClient, QueryClientProvider, useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import Link from 'next/link'
import { useCallback, useState } from 'react'
import { useSignal } from '@/components/live/use-signal'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { fetchNotifications, markNotificationsRead, type NotificationItem, type NotificationPage } from './api'
import { KindBadge, RelativeTime } from './notification-parts'

type Props = { workspaceId: string; userId: string; slug: string; initialPage: NotificationPage }

const PAGE = 30

/** The full notification centre page: every notification, newest first, older ones on demand; live. */
export function NotificationCentre(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }))
  return (
    <QueryClientProvider client={client}>
      <Centre {...props} />
    </QueryClientProvider>
  )
}

type Data = InfiniteData<NotificationPage, string | null>

function Centre({ workspaceId, userId, initialPage }: Props) {
  const t = useTranslations('notifications')
  const queryClient = useQueryClient()
  const [unreadOnly, setUnreadOnly] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const key = ['notifications', workspaceId, 'centre', unreadOnly ? 'unread' : 'all']

  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchNotifications(workspaceId, { cursor: pageParam, limit: PAGE, unreadOnly }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: unreadOnly ? undefined : { pages: [initialPage], pageParams: [null] },
  })
  const refetch = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['notifications', workspaceId] })
  }, [queryClient, workspaceId])
  useSignal(workspaceId, 'notifications', refetch, userId)

  const patch = (fn: (i: NotificationItem) => NotificationItem, unread: (n: number) => number) => {
    queryClient.setQueryData<Data>(key, (d) => (d ? { ...d, pages: d.pages.map((p) => ({ ...p, unread: unread(p.unread), items: p.items.map(fn) })) } : d))
  }

  const mark = useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) => markNotificationsRead(workspaceId, which),
    onMutate: (which) => {
      setError(null)
      const now = new Date().toISOString()
      if ('all' in which) patch((i) => ({ ...i, readAt: i.readAt ?? now }), () => 0)
      else patch((i) => (which.ids.includes(i.id) ? { ...i, readAt: i.readAt ?? now } : i), (n) => Math.max(0, n - which.ids.length))
    },
    onError: () => setError(t('markError')),
    onSettled: refetch,
  })

  const pages = query.data?.pages ?? []
  const items = pages.flatMap((p) => p.items)
  const unread = pages[0]?.unread ?? 0

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <fieldset className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm">
          <legend className="sr-only">{t('filterLabel')}</legend>
          {[false, true].map((u) => (
            <label
              key={String(u)}
              className={`cursor-pointer rounded px-3 py-1.5 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${unreadOnly === u ? 'bg-indigo-700 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              <input type="radio" name="notification-filter" className="sr-only" checked={unreadOnly === u} onChange={() => setUnreadOnly(u)} />
              {u ? t('filterUnread') : t('filterAll')}
            </label>
          ))}
        </fieldset>
        <Button variant="secondary" onClick={() => mark.mutate({ all: true })} disabled={unread === 0 || mark.isPending}>
          {t('markAllRead')}
        </Button>
      </div>
      <p className="text-xs text-slate-500">{t('updatedLive')}</p>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}

      {query.isPending ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white px-5 py-8 text-sm text-slate-600">
          {t('loading')}
        </p>
      ) : query.isError && !items.length ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-white px-5 py-6 text-sm">
          <p className="text-red-800">{t('loadError')}</p>
          <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
            {t('retry')}
          </Button>
        </div>
      ) : items.length === 0 ? (
        unreadOnly ? (
          <EmptyState title={t('emptyUnreadTitle')} body={t('emptyUnreadBody')} />
        ) : (
          <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
        )
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          {items.map((item) => (
            <li key={item.id} className={`flex items-start gap-3 px-4 py-4 sm:px-5 ${item.readAt ? '' : 'bg-indigo-50/40'}`}>
              <span className="mt-2 flex h-2 w-2 shrink-0" aria-hidden="true">
                {!item.readAt && <span className="h-2 w-2 rounded-full bg-indigo-600" />}
              </span>
              <div className="min-w-0 flex-1">
                <p className={`text-sm ${item.readAt ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>
                  {!item.readAt && <span className="sr-only">{t('unread')}: </span>}
                  {item.link ? (
                    <Link
                      href={item.link}
                      onClick={() => !item.readAt && mark.mutate({ ids: [item.id] })}
                      className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                    >
                      {item.title}
                    </Link>
                  ) : (
                    item.title
                  )}
                </p>
                {item.body && <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-600">{item.body}</p>}
                <p className="mt-1.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <KindBadge kind={item.kind} />
                  <RelativeTime iso={item.createdAt} />
                  {item.actorName && <span>{t('by', { name: item.actorName })}</span>}
                </p>
              </div>
              {!item.readAt && (
                <button
                  type="button"
                  onClick={() => mark.mutate({ ids: [item.id] })}
                  className="shrink-0 rounded px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  {t('markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {query.hasNextPage && (
        <div className="text-center">
          <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
          </Button>
        </div>
      )}
    </div>
  )
}
