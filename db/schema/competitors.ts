import { sql } from 'drizzle-orm'
import { check, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { maps } from './maps'
import { workspaces } from './workspaces'

/**
 * Competitors on a map (lib/competitors/): who else the customer meets on
 * this journey, and their equivalent touchpoints in the map's cells (stage ×
 * row), each with a short rating, so the analysis can say where a
 * competitor is present and we are not.
 */
export const competitors = pgTable(
  'competitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull().references(() => maps.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('competitors_name_idx').on(t.mapId, sql`lower(${t.name})`)],
)

export const competitorTouchpoints = pgTable(
  'competitor_touchpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    competitorId: uuid('competitor_id').notNull().references(() => competitors.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull().references(() => maps.id, { onDelete: 'cascade' }),
    /** A stage and a row of the map (ids of its document; a cell removed since keeps its notes, shown apart). */
    stageId: text('stage_id').notNull(),
    segmentId: text('segment_id').notNull(),
    /** Their equivalent touchpoint ("Same-day delivery", "24/7 chat"). */
    name: text('name').notNull(),
    /** How good theirs is, 1 (poor) to 5 (excellent), or null. */
    rating: smallint('rating'),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('competitor_touchpoints_map_idx').on(t.mapId, t.stageId, t.segmentId), check('competitor_touchpoints_rating', sql`${t.rating} is null or ${t.rating} between 1 and 5`)],
)
