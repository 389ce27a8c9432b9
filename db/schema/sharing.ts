import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { maps } from './maps'
import { workspaces } from './workspaces'

/**
 * Read-only share links of a map (lib/sharing/): the token is shown once and
 * only its SHA-256 is kept; an optional password is kept as a scrypt hash.
 * Looked up by token before any workspace is known (touchmap_share_link).
 */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    mapId: uuid('map_id').notNull().references(() => maps.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label').notNull().default(''),
    passwordHash: text('password_hash'),
    showDetails: boolean('show_details').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastViewedAt: timestamp('last_viewed_at', { withTimezone: true }),
  },
  (t) => [index('share_links_map_idx').on(t.workspaceId, t.mapId)],
)

/** A map saved as a workspace template (lib/maps/templates.ts): its structure, and optionally its cards. */
export const mapTemplates = pgTable(
  'map_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    content: jsonb('content').notNull(),
    withTouchpoints: boolean('with_touchpoints').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('map_templates_workspace_idx').on(t.workspaceId, t.name)],
)
