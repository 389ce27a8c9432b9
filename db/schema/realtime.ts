import { bigserial, customType, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { workspaces } from './workspaces'

/** Raw bytes (Yjs updates). PGlite returns Uint8Array, postgres.js a Buffer: both are Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * Live documents (realtime/): an append-only log of Yjs updates, one row per
 * document per group commit. Compaction folds rows into the snapshot and
 * deletes exactly the rows it folded, in one transaction.
 */
export const realtimeUpdates = pgTable(
  'realtime_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    doc: text('doc').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('realtime_updates_doc_idx').on(t.workspaceId, t.doc, t.id)],
)

/** The compacted state of a document (a Yjs update of the whole document). */
export const realtimeSnapshots = pgTable(
  'realtime_snapshots',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    doc: text('doc').notNull(),
    data: bytea('data').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.doc] })],
)

/** Admission tickets for the realtime socket: stored hashed, single use (deleted when used), short-lived. */
export const realtimeTickets = pgTable(
  'realtime_tickets',
  {
    tokenHash: text('token_hash').primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    doc: text('doc').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('realtime_tickets_workspace_idx').on(t.workspaceId, t.expiresAt)],
)
