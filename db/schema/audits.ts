import { sql } from 'drizzle-orm'
import { boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { maps } from './maps'
import { departments, workspaces } from './workspaces'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * Audits (lib/audits/): the map is a living document, re-audited on a
 * schedule. A schedule (per map, or for the workspace when map_id is null)
 * opens a campaign at each slot; a campaign holds one review task per
 * touchpoint in scope; closing it freezes a snapshot.
 */
export const auditSchedules = pgTable(
  'audit_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The map audited; null: every touchpoint of the workspace. */
    mapId: uuid('map_id').references(() => maps.id, { onDelete: 'cascade' }),
    /** quarterly, half_yearly, yearly or custom (every interval_days days). */
    cadence: text('cadence').notNull(),
    intervalDays: integer('interval_days'),
    /** When the next campaign opens. */
    nextOpenAt: timestamp('next_open_at', { withTimezone: true }).notNull(),
    /** Days the owners have to complete their reviews. */
    dueDays: integer('due_days').notNull().default(14),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('audit_schedules_scope').on(t.workspaceId, t.mapId).nullsNotDistinct(),
    index('audit_schedules_due_idx').on(t.active, t.nextOpenAt),
    check('audit_schedules_interval', sql`${t.intervalDays} is null or ${t.intervalDays} between 1 and 730`),
    check('audit_schedules_due_days', sql`${t.dueDays} between 1 and 365`),
  ],
)

export const auditCampaigns = pgTable(
  'audit_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    scheduleId: uuid('schedule_id').references(() => auditSchedules.id, { onDelete: 'set null' }),
    /** The scope: a map, or null for the whole workspace. */
    mapId: uuid('map_id').references(() => maps.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    /** The schedule slot it opened for: one campaign per slot, however many processes look. */
    slot: timestamp('slot', { withTimezone: true }),
    status: text('status').notNull().default('open'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null when the schedule opened it. */
    openedBy: text('opened_by').references(() => users.id, { onDelete: 'set null' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('audit_campaigns_slot').on(t.scheduleId, t.slot), index('audit_campaigns_ws_idx').on(t.workspaceId, t.status, t.openedAt)],
)

/** One review per touchpoint in a campaign's scope, for its owner (a person, else the department's members). */
export const auditTasks = pgTable(
  'audit_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull().references(() => auditCampaigns.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    /** The touchpoint's name when the campaign opened. */
    touchpointName: text('touchpoint_name').notNull(),
    assigneeUserId: text('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    assigneeDepartmentId: uuid('assignee_department_id').references(() => departments.id, { onDelete: 'set null' }),
    /** open, submitted, approved, returned. */
    status: text('status').notNull().default('open'),
    checklist: jsonb('checklist').$type<Record<string, unknown>>().notNull().default({}),
    note: text('note').notNull().default(''),
    submittedBy: text('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note').notNull().default(''),
    /** When the overdue reminder went out (once per task). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('audit_tasks_touchpoint').on(t.campaignId, t.touchpointId),
    index('audit_tasks_assignee_idx').on(t.workspaceId, t.assigneeUserId, t.status),
    index('audit_tasks_department_idx').on(t.workspaceId, t.assigneeDepartmentId, t.status),
    index('audit_tasks_touchpoint_idx').on(t.workspaceId, t.touchpointId),
  ],
)

/** What a campaign's scope looked like when it closed: the read model's rows (lib/audits/snapshot.ts AuditState). */
export const auditSnapshots = pgTable('audit_snapshots', {
  campaignId: uuid('campaign_id')
    .primaryKey()
    .references(() => auditCampaigns.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  state: jsonb('state').$type<Record<string, unknown>>().notNull(),
})

/** ... and the live documents' state at that moment (Yjs updates), one row per document. */
export const auditSnapshotDocs = pgTable(
  'audit_snapshot_docs',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => auditCampaigns.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    docName: text('doc_name').notNull(),
    state: bytea('state').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.docName] })],
)
