import { and, eq, inArray } from 'drizzle-orm'
import { memberships, notifications, users } from '@/db/schema'
import { config } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { signal } from '@/lib/live/signals'
import { log } from '@/lib/log'
import { linkEmail, sendMail } from '@/lib/mail/send-mail'

export type NotificationKind = 'owner_assigned' | 'insight_assigned' | 'mentioned' | 'comment' | 'audit' | 'webhook'

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['owner_assigned', 'insight_assigned', 'mentioned', 'comment', 'audit', 'webhook']

const TITLE_MAX = 300
const BODY_MAX = 2000

/**
 * Notifies members of a workspace: one `notifications` row per recipient, a
 * live signal to each so their bell updates, and an email each (SMTP, or the
 * log without it), sent in the background (`notificationMailIdle` waits for
 * them). Call it AFTER your own transaction has committed, never
 * inside one. The actor and anyone who is not a member of the workspace are
 * dropped. It never throws: a failure is logged, the caller's work stands.
 */
export async function notify(n: {
  workspaceId: string
  recipients: string[]
  actorId: string | null
  kind: NotificationKind
  title: string
  body?: string
  link?: string
}): Promise<void> {
  const wanted = [...new Set(n.recipients.filter((r) => typeof r === 'string' && r && r !== n.actorId))]
  if (!wanted.length) return
  const title = n.title.slice(0, TITLE_MAX)
  const body = (n.body ?? '').slice(0, BODY_MAX)
  const link = n.link && n.link.startsWith('/') && !n.link.startsWith('//') ? n.link : null

  let delivered: { userId: string; email: string }[]
  try {
    delivered = await inWorkspace(n.workspaceId, n.actorId, async (tx) => {
      const members = await tx
        .select({ userId: memberships.userId, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.workspaceId, n.workspaceId), inArray(memberships.userId, wanted)))
      if (!members.length) return []
      await tx.insert(notifications).values(
        members.map((m) => ({ workspaceId: n.workspaceId, userId: m.userId, kind: n.kind, title, body, link, actorId: n.actorId })),
      )
      return members
    })
  } catch (err) {
    log.error('notify failed', { workspaceId: n.workspaceId, kind: n.kind, error: err instanceof Error ? err.message : String(err) })
    return
  }

  for (const d of delivered) {
    try {
      signal(n.workspaceId, 'notifications', d.userId)
    } catch (err) {
      log.warn('notification signal failed', { error: err instanceof Error ? err.message : String(err) })
    }
  }

  // Emails go out in the background: the caller's request does not wait for the mail server.
  const appUrl = config().appUrl
  const sending = Promise.all(
    delivered.map(async (d) => {
      try {
        await sendMail(
          linkEmail({
            to: d.email,
            subject: title,
            intro: body ? `${title}\n\n${body}` : title,
            action: 'Open in Touchmap',
            link: `${appUrl}${link ?? '/'}`,
            outro: 'You get this email because of your notifications in Touchmap.',
          }),
        )
      } catch (err) {
        log.error('notification email failed', { to: d.email, kind: n.kind, error: err instanceof Error ? err.message : String(err) })
      }
    }),
  ).then(() => undefined)
  inFlight.add(sending)
  void sending.finally(() => inFlight.delete(sending))
}

const g = globalThis as unknown as { __touchmapNotificationMail?: Set<Promise<void>> }
const inFlight = (g.__touchmapNotificationMail ??= new Set())

/** Resolves when every notification email started so far has been sent or has failed (tests, shutdown). */
export async function notificationMailIdle(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight])
}
