import { sql } from 'drizzle-orm'
import { check, index, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { workspaces } from './workspaces'

/**
 * The workspace's persona library (lib/personas/): one persona, used as a row
 * on any number of maps (a map document's segment carries `personaId`, and the
 * read model's map_segments.persona_id says where each persona is used).
 * `priority` is the manager's override of the default its strategic goal gives
 * (lib/personas/model.ts); null follows the goal.
 */
export const personas = pgTable(
  'personas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    initials: text('initials').notNull(),
    colour: text('colour').notNull(),
    profile: text('profile').notNull().default(''),
    needs: text('needs').notNull().default(''),
    goals: text('goals').notNull().default(''),
    frustrations: text('frustrations').notNull().default(''),
    /** Free fields: [{ label, value }]. */
    fields: jsonb('fields').$type<{ label: string; value: string }[]>().notNull().default([]),
    goal: text('goal').notNull(),
    priority: smallint('priority'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('personas_workspace_idx').on(t.workspaceId, t.name),
    uniqueIndex('personas_name_unique').on(t.workspaceId, sql`lower(${t.name})`),
    check('personas_priority_range', sql`${t.priority} is null or ${t.priority} between 1 and 5`),
  ],
)
