import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { workspaces } from './workspaces'

/**
 * Identifying touchpoints from existing data (lib/interactions/): exports of
 * interactions from a CRM or help desk, imported in the background chunk by
 * chunk (each chunk counted and marked done in one transaction, so a restart
 * resumes without counting twice), matched to touchpoints by rules, counted
 * per touchpoint and day; what no rule matches is listed by type and channel.
 */
export const interactionSources = pgTable(
  'interaction_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The column (CSV) or key (JSON lines) of each field, remembered for the next file. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('interaction_sources_name_idx').on(t.workspaceId, sql`lower(${t.name})`)],
)

export const interactionImports = pgTable(
  'interaction_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id').notNull().references(() => interactionSources.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    /** CSV: the header's columns, in order. */
    columns: jsonb('columns').$type<string[]>().notNull(),
    /** 'queued', 'running', 'done', 'failed'. */
    status: text('status').notNull().default('queued'),
    totalRows: integer('total_rows').notNull(),
    doneRows: integer('done_rows').notNull().default(0),
    matched: integer('matched').notNull().default(0),
    unmatched: integer('unmatched').notNull().default(0),
    bad: integer('bad').notNull().default(0),
    /** The first bad rows: line and reason. */
    problems: jsonb('problems').$type<{ line: number; reason: string }[]>().notNull().default([]),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('interaction_imports_workspace_idx').on(t.workspaceId, t.createdAt), check('interaction_imports_status', sql`${t.status} in ('queued', 'running', 'done', 'failed')`)],
)

export const interactionImportChunks = pgTable(
  'interaction_import_chunks',
  {
    importId: uuid('import_id').notNull().references(() => interactionImports.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The chunk's lines (without the CSV header), and the file's line number of its first. */
    lines: text('lines').notNull(),
    firstLine: integer('first_line').notNull(),
    rowCount: integer('row_count').notNull(),
    done: boolean('done').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
)

export const interactionRules = pgTable(
  'interaction_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Which field it reads: 'type' or 'channel'. */
    field: text('field').notNull(),
    /** 'exact', 'contains' or 'regex' (RE2: linear time, no backtracking). */
    kind: text('kind').notNull(),
    pattern: text('pattern').notNull(),
    touchpointId: text('touchpoint_id').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('interaction_rules_workspace_idx').on(t.workspaceId, t.createdAt), check('interaction_rules_field', sql`${t.field} in ('type', 'channel')`), check('interaction_rules_kind', sql`${t.kind} in ('exact', 'contains', 'regex')`)],
)

/** Matched interactions per touchpoint and day (UTC). */
export const interactionVolumes = pgTable(
  'interaction_volumes',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    day: date('day').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.touchpointId, t.day] })],
)

/** What no rule matched, per import, type and channel, with how many. */
export const interactionUnmatched = pgTable(
  'interaction_unmatched',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    importId: uuid('import_id').notNull().references(() => interactionImports.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    channel: text('channel').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.type, t.channel] })],
)
