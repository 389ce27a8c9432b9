import { customType, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { maps } from './maps'
import { workspaces } from './workspaces'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * Versions of a map (lib/versions/): the map document's state (a Yjs update)
 * and the read model of its touchpoints at that moment (lib/audits/state.ts
 * AuditState), named by a person, saved by an audit at close, automatic (at
 * most one an hour while the map is edited), or saved just before a restore.
 * Never changed once written.
 */
export const mapVersions = pgTable(
  'map_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id')
      .notNull()
      .references(() => maps.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** named, auto, audit or restore. */
    kind: text('kind').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    mapState: bytea('map_state').notNull(),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('map_versions_map_idx').on(t.workspaceId, t.mapId, t.createdAt)],
)
