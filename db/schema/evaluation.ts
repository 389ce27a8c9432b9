import { check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { users } from './auth'
import { workspaces } from './workspaces'

/**
 * Evaluation and prioritisation (lib/evaluation/): each member scores a
 * touchpoint 1 to 5 per criterion; importance and effort are one estimate per
 * touchpoint; the workspace's weights turn them into a priority.
 */
export const touchpointScores = pgTable(
  'touchpoint_scores',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    criterion: text('criterion').notNull(),
    score: smallint('score').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.touchpointId, t.userId, t.criterion] }),
    check('touchpoint_scores_range', sql`${t.score} between 1 and 5`),
  ],
)

export const touchpointAssessments = pgTable(
  'touchpoint_assessments',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    importance: smallint('importance'),
    effort: smallint('effort'),
    /** Review state for "My touchpoints": when the owner last reviewed it. */
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.touchpointId] }),
    check('touchpoint_assessments_importance', sql`${t.importance} is null or ${t.importance} between 1 and 5`),
    check('touchpoint_assessments_effort', sql`${t.effort} is null or ${t.effort} between 1 and 5`),
  ],
)

/** The workspace's weights (criterion -> 0..5, plus importance, effort, insights); absent means the defaults of lib/evaluation/model.ts. */
export const scoringWeights = pgTable('scoring_weights', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  weights: jsonb('weights').$type<Record<string, number>>().notNull(),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Comments on touchpoints and insights, with @mentions (user ids). */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    mentions: text('mentions').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('comments_subject_idx').on(t.workspaceId, t.subjectType, t.subjectId, t.createdAt)],
)

/** The in-app notification centre: one row per recipient. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Path inside the app to open (e.g. /w/<slug>/touchpoints/<id>). */
    link: text('link'),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.workspaceId, t.userId, t.createdAt.desc())],
)

/**
 * Per touchpoint and criterion: the sum and number of the members' scores,
 * kept by a trigger on touchpoint_scores (db/migrations/0007), so the
 * aggregates read a row per touchpoint and criterion, not every score.
 */
export const touchpointScoreStats = pgTable(
  'touchpoint_score_stats',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    criterion: text('criterion').notNull(),
    total: integer('total').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.touchpointId, t.criterion] })],
)

/** Per touchpoint: how many members scored it (any criterion), kept by the same trigger. */
export const touchpointRaters = pgTable(
  'touchpoint_raters',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.touchpointId] })],
)

