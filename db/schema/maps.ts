import { sql } from 'drizzle-orm'
import { bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { departments, workspaces } from './workspaces'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/**
 * Maps are created here (the list of a workspace's maps); what people edit on
 * a map lives in its live document and is projected into the read model below
 * (lib/maps/projection.ts), never written here by hand.
 */
export const maps = pgTable(
  'maps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    template: text('template').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Read model: the lanes around the touchpoints (lib/maps/lanes.ts Lanes), as the projection last saw them. */
    lanes: jsonb('lanes').notNull().default({}),
    /** Archived: out of the list and the journey weights, kept as it is; restorable. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Deleted: a 404 to all but owners and admins, restorable for 30 days, then purged (lib/maps/map-life.ts). */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: text('deleted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('maps_workspace_idx').on(t.workspaceId, t.name)],
)

/** Read model: the stages (columns) of each map, in order. */
export const mapStages = pgTable(
  'map_stages',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull().references(() => maps.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    weight: integer('weight').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mapId, t.id] })],
)

/** Read model: the segments / personas (rows) of each map, in order. */
export const mapSegments = pgTable(
  'map_segments',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull().references(() => maps.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    profile: text('profile').notNull(),
    goal: text('goal').notNull(),
    priority: integer('priority').notNull(),
    /** The library persona this row stands for (lib/personas), or null for a map-only segment. Not a foreign key: the document may name one deleted since. */
    personaId: uuid('persona_id'),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mapId, t.id] }), index('map_segments_persona_idx').on(t.workspaceId, t.personaId)],
)

/** Read model: the touchpoint catalog, one row per touchpoint, with a search vector. */
export const touchpoints = pgTable(
  'touchpoints',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    ownership: text('ownership').notNull(),
    control: text('control').notNull(),
    channel: text('channel').notNull(),
    onsitePage: boolean('onsite_page').notNull(),
    status: text('status').notNull(),
    ownerUserId: text('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerDepartmentId: uuid('owner_department_id').references(() => departments.id, { onDelete: 'set null' }),
    description: text('description').notNull(),
    /** The rest of the details (lib/maps/model.ts TEXT_FIELDS), as text. */
    details: text('details').notNull().default('{}'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(channel, '') || ' ' || coalesce(description, ''))`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('touchpoints_name_idx').on(t.workspaceId, t.name),
    index('touchpoints_search_idx').using('gin', t.search),
  ],
)

/** Read model: where each touchpoint stands on each map. */
export const placements = pgTable(
  'placements',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull().references(() => maps.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    touchpointId: text('touchpoint_id').notNull(),
    stageId: text('stage_id').notNull(),
    segmentId: text('segment_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mapId, t.id] }), index('placements_touchpoint_idx').on(t.workspaceId, t.touchpointId)],
)

/** What changed on a touchpoint, field by field, as the projection saw it. */
export const touchpointHistory = pgTable(
  'touchpoint_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    changedBy: text('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('touchpoint_history_idx').on(t.workspaceId, t.touchpointId, t.id)],
)

export type MapRow = typeof maps.$inferSelect
export type TouchpointRow = typeof touchpoints.$inferSelect
