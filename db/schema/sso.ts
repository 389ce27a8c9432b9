import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { roles } from './rbac'
import { workspaces } from './workspaces'

/** A workspace's OpenID Connect connection. The client secret is stored encrypted (lib/crypto/secret-box.ts). */
export const ssoConnections = pgTable(
  'sso_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    clientSecretEnc: text('client_secret_enc').notNull(),
    defaultRoleKey: text('default_role_key').notNull().references(() => roles.key),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_connections_workspace_idx').on(t.workspaceId)],
)

/** An email domain served by a connection; one domain routes to one connection across all workspaces. */
export const ssoDomains = pgTable(
  'sso_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull().unique(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: text('verified_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_domains_connection_idx').on(t.connectionId)],
)

export type SsoConnection = typeof ssoConnections.$inferSelect
export type SsoDomain = typeof ssoDomains.$inferSelect
