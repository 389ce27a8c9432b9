import { insights } from '@/db/schema'
import { addComment } from '@/lib/comments/comments'
import { inWorkspace } from '@/lib/db/tenant'
import { listNotifications } from '@/lib/notifications/notifications'
import { notify } from '@/lib/notifications/notify'
import { SIGNAL_WINDOW_MS } from '@/lib/live/signals'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const N = 'app/api/workspaces/[workspaceId]/notifications'
const C = 'app/api/workspaces/[workspaceId]/comments'

/** The notification centre and comments: B's notification, B's insight and a comment on it. */
export const notificationsCases: CaseFile = {
  setupB: async ({ B }) => {
    const [insight] = await inWorkspace(B.ws.id, B.owner.id, (tx) =>
      tx.insert(insights).values({ workspaceId: B.ws.id, title: 'B private insight', type: 'idea', source: 'other', authorId: B.owner.id }).returning(),
    )
    const comment = await addComment(await ctxOf(B.editor.id, B.ws.id), { subject: { type: 'insight', id: insight!.id }, body: 'B only' })
    await notify({ workspaceId: B.ws.id, recipients: [B.owner.id], actorId: null, kind: 'comment', title: 'B private notification' })
    const [n] = (await listNotifications(await ctxOf(B.owner.id, B.ws.id))).items
    // Let the live signals of these writes land in B's signals document before the matrix snapshots B.
    await new Promise((r) => setTimeout(r, SIGNAL_WINDOW_MS * 3 + 300))
    return { notifyInsightId: insight!.id, notifyCommentId: comment.id, notificationId: n!.id }
  },
  routes: {
    [`${N}/route.ts GET`]: { kind: 'workspace' },
    [`${N}/route.ts POST`]: { kind: 'workspace', body: ({ ids }) => ({ ids: [ids.notificationId] }) },
    [`${C}/route.ts GET`]: { kind: 'workspace', query: ({ ids }) => ({ subjectType: 'insight', subjectId: ids.notifyInsightId! }) },
    [`${C}/route.ts POST`]: { kind: 'workspace', body: ({ ids }) => ({ subjectType: 'insight', subjectId: ids.notifyInsightId, body: 'spy' }) },
    [`${C}/[commentId]/route.ts PATCH`]: { kind: 'workspace', params: ({ ids }) => ({ commentId: ids.notifyCommentId! }), body: () => ({ body: 'hijacked' }) },
    [`${C}/[commentId]/route.ts DELETE`]: { kind: 'workspace', params: ({ ids }) => ({ commentId: ids.notifyCommentId! }) },
  },
  actions: {},
}
