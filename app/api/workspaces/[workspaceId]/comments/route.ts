import { addComment, listComments } from '@/lib/comments/comments'
import { newCommentSchema, threadQuery } from '@/lib/comments/schemas'
import { route } from '@/lib/http/route'

/** The comments on a touchpoint or an insight of the workspace, oldest first (every member). */
export const GET = route({ query: threadQuery }, async ({ member, query }) => ({
  comments: await listComments(member!, { type: query.subjectType, id: query.subjectId }),
}))

/** Adds a comment with @mentions (editors and up); mentioned members are notified. */
export const POST = route({ permission: 'comments.write', body: newCommentSchema, maxBodyBytes: 64 * 1024 }, async ({ member, body }) => ({
  comment: await addComment(member!, { subject: { type: body.subjectType, id: body.subjectId }, body: body.body, mentions: body.mentions }),
}))
