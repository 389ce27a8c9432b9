import { sql } from 'drizzle-orm'
import { customType, date, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { workspaces } from './workspaces'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/**
 * Customer insights (lib/insights/): what the company learns at its
 * touchpoints, from every source, kept per touchpoint. Vocabulary and limits:
 * lib/insights/model.ts.
 */
export const insights = pgTable(
  'insights',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    type: text('type').notNull(),
    source: text('source').notNull(),
    sourceUrl: text('source_url'),
    sentiment: text('sentiment').notNull().default('neutral'),
    observedOn: date('observed_on', { mode: 'string' }),
    /** Free tags, lower-cased. */
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** How it arrived: form, import or api. */
    via: text('via').notNull().default('form'),
    /** The API key it came through (via = api). */
    apiKeyId: uuid('api_key_id'),
    status: text('status').notNull().default('new'),
    assigneeId: text('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    resolution: text('resolution').notNull().default(''),
    /** Set when merged as a duplicate into another insight of the workspace. */
    mergedInto: uuid('merged_into'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(body, '')), 'B')`,
    ),
  },
  (t) => [
    // Keyset pagination of the feed: newest first, id as the tie-breaker.
    index('insights_feed_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index('insights_status_feed_idx').on(t.workspaceId, t.status, t.createdAt.desc(), t.id.desc()),
    index('insights_type_feed_idx').on(t.workspaceId, t.type, t.createdAt.desc(), t.id.desc()),
    index('insights_source_feed_idx').on(t.workspaceId, t.source, t.createdAt.desc(), t.id.desc()),
    index('insights_assignee_idx').on(t.workspaceId, t.assigneeId),
    index('insights_search_idx').using('gin', t.search),
    index('insights_topics_idx').using('gin', t.topics),
  ],
)

/** Which touchpoints an insight is about (catalog ids; one insight, many touchpoints). */
export const insightTouchpoints = pgTable(
  'insight_touchpoints',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    insightId: uuid('insight_id').notNull().references(() => insights.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.insightId, t.touchpointId] }), index('insight_touchpoints_touchpoint_idx').on(t.workspaceId, t.touchpointId)],
)

/** Which segments (rows of a map) an insight concerns. */
export const insightSegments = pgTable(
  'insight_segments',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    insightId: uuid('insight_id').notNull().references(() => insights.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull(),
    segmentId: text('segment_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.insightId, t.mapId, t.segmentId] }), index('insight_segments_segment_idx').on(t.workspaceId, t.mapId, t.segmentId)],
)

/** Unread markers: an insight is unread for a person until read here or older than their "all read" mark. */
export const insightReads = pgTable(
  'insight_reads',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    insightId: uuid('insight_id').notNull().references(() => insights.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.insightId] })],
)

export const insightReadMarks = pgTable(
  'insight_read_marks',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Everything created at or before this is read. */
    readAllBefore: timestamp('read_all_before', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
)

/** Workspace API keys (lib/api-keys/): shown once, stored as a SHA-256 hash. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key, to recognise it in the list. */
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull().unique(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('api_keys_workspace_idx').on(t.workspaceId)],
)

/** Answers to POSTs sent with an Idempotency-Key, replayed for a retry (kept 24 hours). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    apiKeyId: uuid('api_key_id').notNull().references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: smallint('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] })],
)

export type InsightRow = typeof insights.$inferSelect
export type ApiKeyRow = typeof apiKeys.$inferSelect
