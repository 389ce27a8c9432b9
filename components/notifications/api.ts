'use client'

import type { NotificationPage } from '@/lib/notifications/notifications'

export type { NotificationItem, NotificationPage } from '@/lib/notifications/notifications'

export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: string }
  if (!res.ok) throw new FetchError(body.error ?? `The server answered ${res.status}`, res.status)
  return body as T
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/notifications`

export const notificationsKey = (workspaceId: string, what: string) => ['notifications', workspaceId, what] as const

export async function fetchNotifications(
  workspaceId: string,
  opts: { cursor?: string | null; limit?: number; unreadOnly?: boolean } = {},
): Promise<NotificationPage> {
  const p = new URLSearchParams()
  if (opts.cursor) p.set('cursor', opts.cursor)
  if (opts.limit) p.set('limit', String(opts.limit))
  if (opts.unreadOnly) p.set('unread', '1')
  return json(await fetch(`${base(workspaceId)}?${p}`, { cache: 'no-store', headers: { accept: 'application/json' } }))
}

export async function markNotificationsRead(workspaceId: string, which: { ids: string[] } | { all: true }): Promise<{ unread: number }> {
  return json(
    await fetch(base(workspaceId), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(which),
    }),
  )
}
