import { z } from 'zod'
import { COMMENT_MAX, MENTIONS_MAX, SUBJECT_TYPES } from './comments'

export const subjectSchema = {
  subjectType: z.enum(SUBJECT_TYPES, { error: 'Comments are on a touchpoint or an insight' }),
  subjectId: z.string({ error: 'Say what the comment is about' }).trim().min(1, 'Say what the comment is about').max(100, 'Unknown subject'),
}

export const commentBodySchema = z
  .string({ error: 'Write a comment' })
  .trim()
  .min(1, 'Write a comment')
  .max(COMMENT_MAX, `A comment can have at most ${COMMENT_MAX.toLocaleString('en')} characters`)

export const mentionsSchema = z
  .array(z.string().max(100), { error: 'Mentions are a list of people' })
  .max(MENTIONS_MAX, `Mention at most ${MENTIONS_MAX} people in one comment`)
  .optional()

export const threadQuery = z.object(subjectSchema)
export const newCommentSchema = z.object({ ...subjectSchema, body: commentBodySchema, mentions: mentionsSchema })
export const editCommentSchema = z.object({ body: commentBodySchema, mentions: mentionsSchema })
