import { deleteComment, editComment } from '@/lib/comments/comments'
import { editCommentSchema } from '@/lib/comments/schemas'
import { route } from '@/lib/http/route'

/** Edits one's own comment. */
export const PATCH = route({ permission: 'comments.write', body: editCommentSchema, maxBodyBytes: 64 * 1024 }, async ({ member, params, body }) =>
  editComment(member!, { commentId: params.commentId ?? '', body: body.body, mentions: body.mentions }),
)

/** Deletes one's own comment (it shows as "comment deleted"). */
export const DELETE = route({ permission: 'comments.write' }, async ({ member, params }) => deleteComment(member!, params.commentId ?? ''))
