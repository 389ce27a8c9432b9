import { and, asc, eq, inArray } from 'drizzle-orm'
import { comments, insights, memberships, touchpoints, users } from '@/db/schema'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ForbiddenError, NotFoundError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { log } from '@/lib/log'
import { notify } from '@/lib/notifications/notify'

/**
 * Comments on a touchpoint (catalog id, as in the read model `touchpoints`) or
 * an insight, with @mentions. Mentions are stored as user ids and only ever
 * hold members of the comment's workspace; mentioned people are notified.
 */

export const SUBJECT_TYPES = ['touchpoint', 'insight'] as const
export type SubjectType = (typeof SUBJECT_TYPES)[number]
export type Subject = { type: SubjectType; id: string }

export const COMMENT_MAX = 5000
export const MENTIONS_MAX = 50

export type CommentItem = {
  id: string
  authorId: string | null
  authorName: string | null
  body: string
  mentions: { userId: string; name: string }[]
  createdAt: string
  editedAt: string | null
  deleted: boolean
  mine: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The subject's display name and the people responsible for it (a touchpoint's
 * owner; an insight's assignee and author), or NotFoundError when it is not a
 * thing of this workspace.
 */
async function loadSubject(tx: Tx, workspaceId: string, subject: Subject): Promise<{ name: string; responsible: string[] }> {
  if (subject.type === 'touchpoint') {
    const [t] = await tx
      .select({ name: touchpoints.name, owner: touchpoints.ownerUserId })
      .from(touchpoints)
      .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, subject.id)))
    if (!t) throw new NotFoundError('Touchpoint not found')
    return { name: t.name, responsible: t.owner ? [t.owner] : [] }
  }
  if (!UUID.test(subject.id)) throw new NotFoundError('Insight not found')
  const [i] = await tx
    .select({ title: insights.title, assignee: insights.assigneeId, author: insights.authorId })
    .from(insights)
    .where(and(eq(insights.workspaceId, workspaceId), eq(insights.id, subject.id)))
  if (!i) throw new NotFoundError('Insight not found')
  return { name: i.title, responsible: [i.assignee, i.author].filter((x): x is string => !!x) }
}

const subjectName = async (tx: Tx, workspaceId: string, subject: Subject) => (await loadSubject(tx, workspaceId, subject)).name

export function subjectLink(slug: string, subject: Subject): string {
  return `/w/${slug}/${subject.type === 'touchpoint' ? 'touchpoints' : 'insights'}/${encodeURIComponent(subject.id)}`
}

const displayName = (u: { name: string | null; email: string | null }) => u.name?.trim() || u.email || 'Someone'

/** Keeps only the ids of members of the workspace (a stranger, or someone of another workspace, is dropped). */
async function membersAmong(tx: Tx, workspaceId: string, ids: string[]): Promise<string[]> {
  const wanted = [...new Set(ids.filter((i) => typeof i === 'string' && i.length > 0 && i.length <= 100))].slice(0, MENTIONS_MAX)
  if (!wanted.length) return []
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, wanted)))
  const found = new Set(rows.map((r) => r.userId))
  return wanted.filter((id) => found.has(id))
}

const signalThread = (workspaceId: string, subject: Subject) => signal(workspaceId, 'comments', `${subject.type}:${subject.id}`)

/** The thread of a subject, oldest first. Deleted comments stay in place without their text. */
export async function listComments(ctx: MemberContext, subject: Subject): Promise<CommentItem[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await subjectName(tx, ctx.workspaceId, subject)
    const rows = await tx
      .select({ c: comments, authorName: users.name, authorEmail: users.email })
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.subjectType, subject.type), eq(comments.subjectId, subject.id)))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(1000)
    const mentioned = [...new Set(rows.flatMap((r) => (r.c.deletedAt ? [] : r.c.mentions)))]
    const names = new Map<string, string>()
    if (mentioned.length) {
      const people = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, mentioned))
      for (const p of people) names.set(p.id, displayName(p))
    }
    return rows.map(({ c, authorName, authorEmail }) => ({
      id: c.id,
      authorId: c.authorId,
      authorName: c.authorId ? displayName({ name: authorName, email: authorEmail }) : null,
      body: c.deletedAt ? '' : c.body,
      mentions: c.deletedAt ? [] : c.mentions.filter((m) => names.has(m)).map((m) => ({ userId: m, name: names.get(m)! })),
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt ? c.editedAt.toISOString() : null,
      deleted: !!c.deletedAt,
      mine: c.authorId === ctx.userId,
    }))
  })
}

function excerpt(body: string, max = 280): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Sends the notifications of a new or edited comment; after the commit, never failing the comment. */
async function notifyAbout(
  ctx: MemberContext,
  subject: Subject,
  name: string,
  body: string,
  newlyMentioned: string[],
  participants: string[],
): Promise<void> {
  try {
    const actor = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
      tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, ctx.userId)),
    )
    const who = actor[0] ? displayName(actor[0]) : 'Someone'
    const link = subjectLink(ctx.workspaceSlug, subject)
    const what = subject.type === 'touchpoint' ? 'the touchpoint' : 'the insight'
    if (newlyMentioned.length) {
      await notify({
        workspaceId: ctx.workspaceId,
        recipients: newlyMentioned,
        actorId: ctx.userId,
        kind: 'mentioned',
        title: `${who} mentioned you on ${what} “${name}”`,
        body: excerpt(body),
        link,
      })
    }
    const others = participants.filter((p) => !newlyMentioned.includes(p))
    if (others.length) {
      await notify({
        workspaceId: ctx.workspaceId,
        recipients: others,
        actorId: ctx.userId,
        kind: 'comment',
        title: `${who} commented on ${what} “${name}”`,
        body: excerpt(body),
        link,
      })
    }
  } catch (err) {
    log.error('comment notifications failed', { error: err instanceof Error ? err.message : String(err) })
  }
}

/**
 * Adds a comment (editors and up). `mentions` are user ids picked in the
 * composer; those who are not members of this workspace are dropped. The
 * mentioned are notified ('mentioned'); so are, with 'comment', the people
 * responsible for the subject (touchpoint owner; insight assignee and author)
 * and everyone who commented on the thread before.
 */
export async function addComment(ctx: MemberContext, input: { subject: Subject; body: string; mentions?: string[] }): Promise<CommentItem> {
  assertCan(ctx, 'comments.write')
  const { row, name, mentions, participants } = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const { name, responsible } = await loadSubject(tx, ctx.workspaceId, input.subject)
    const mentions = await membersAmong(tx, ctx.workspaceId, input.mentions ?? [])
    const earlier = await tx
      .selectDistinct({ authorId: comments.authorId })
      .from(comments)
      .where(
        and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.subjectType, input.subject.type), eq(comments.subjectId, input.subject.id)),
      )
    const [row] = await tx
      .insert(comments)
      .values({ workspaceId: ctx.workspaceId, subjectType: input.subject.type, subjectId: input.subject.id, authorId: ctx.userId, body: input.body, mentions })
      .returning()
    const participants = await membersAmong(
      tx,
      ctx.workspaceId,
      [...responsible, ...earlier.map((e) => e.authorId)].filter((a): a is string => !!a && a !== ctx.userId),
    )
    return { row: row!, name, mentions, participants }
  })
  signalThread(ctx.workspaceId, input.subject)
  await notifyAbout(ctx, input.subject, name, input.body, mentions, participants)
  const names = await mentionNames(ctx, mentions)
  return {
    id: row.id,
    authorId: ctx.userId,
    authorName: null,
    body: row.body,
    mentions: mentions.map((m) => ({ userId: m, name: names.get(m) ?? 'Someone' })),
    createdAt: row.createdAt.toISOString(),
    editedAt: null,
    deleted: false,
    mine: true,
  }
}

async function mentionNames(ctx: MemberContext, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const people = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids)),
  )
  return new Map(people.map((p) => [p.id, displayName(p)]))
}

/** Loads a live comment of this workspace that the member wrote, for editing or deleting. */
async function ownComment(tx: Tx, ctx: MemberContext, commentId: string) {
  if (!UUID.test(commentId)) throw new NotFoundError('Comment not found')
  const [c] = await tx
    .select()
    .from(comments)
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, commentId)))
    .for('update')
  if (!c || c.deletedAt) throw new NotFoundError('Comment not found')
  if (c.authorId !== ctx.userId) throw new ForbiddenError('You can only change your own comments')
  return c
}

/** Edits one's own comment; people mentioned for the first time are notified. */
export async function editComment(ctx: MemberContext, input: { commentId: string; body: string; mentions?: string[] }): Promise<{ id: string }> {
  assertCan(ctx, 'comments.write')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const c = await ownComment(tx, ctx, input.commentId)
    const subject = { type: c.subjectType as SubjectType, id: c.subjectId }
    const name = await subjectName(tx, ctx.workspaceId, subject)
    const mentions = await membersAmong(tx, ctx.workspaceId, input.mentions ?? [])
    await tx.update(comments).set({ body: input.body, mentions, editedAt: new Date() }).where(eq(comments.id, c.id))
    return { subject, name, newlyMentioned: mentions.filter((m) => !c.mentions.includes(m)) }
  })
  signalThread(ctx.workspaceId, out.subject)
  await notifyAbout(ctx, out.subject, out.name, input.body, out.newlyMentioned, [])
  return { id: input.commentId }
}

/** Deletes one's own comment: it stays in the thread as "comment deleted", without its text. */
export async function deleteComment(ctx: MemberContext, commentId: string): Promise<{ id: string }> {
  assertCan(ctx, 'comments.write')
  const subject = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const c = await ownComment(tx, ctx, commentId)
    await tx.update(comments).set({ deletedAt: new Date(), body: '', mentions: [] }).where(eq(comments.id, c.id))
    return { type: c.subjectType as SubjectType, id: c.subjectId }
  })
  signalThread(ctx.workspaceId, subject)
  return { id: commentId }
}
