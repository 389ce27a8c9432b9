import { sql } from 'drizzle-orm'
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
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
    /** Treat an ID token without `email_verified` as verified (never one that says false); only for DNS-verified domains. */
    trustEmails: boolean('trust_emails').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_connections_workspace_idx').on(t.workspaceId)],
)

/**
 * The states of a workspace's claim on an email domain (lib/sso/domain-claims.ts):
 * pending: claimed, not proven (reserves nothing); verified: proven by a DNS TXT
 * record; attested: an admin's word, counted only where the instance allows it;
 * taken: another workspace proved the domain first.
 */
export const DOMAIN_STATUSES = ['pending', 'verified', 'attested', 'taken'] as const
export type DomainStatus = (typeof DOMAIN_STATUSES)[number]

/**
 * A workspace's claim on an email domain for one of its connections. Several
 * workspaces may claim a domain; at most one holds it (verified or attested).
 */
export const ssoDomains = pgTable(
  'sso_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    status: text('status', { enum: DOMAIN_STATUSES }).notNull().default('pending'),
    /** The value the TXT record must carry (128 random bits, hex). */
    verificationToken: text('verification_token')
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** Who attested (attested claims only); a DNS proof has no person. */
    verifiedBy: text('verified_by').references(() => users.id, { onDelete: 'set null' }),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    /** Why the last DNS check did not prove the claim, in words for the admin. */
    lastCheckError: text('last_check_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sso_domains_connection_idx').on(t.connectionId),
    uniqueIndex('sso_domains_workspace_domain_idx').on(t.workspaceId, t.domain),
    uniqueIndex('sso_domains_held_idx').on(t.domain).where(sql`status in ('verified', 'attested')`),
  ],
)

/** Why an SSO sign-in was refused, kept for the workspace's admins (newest few per connection). */
export const ssoSignInEvents = pgTable(
  'sso_sign_in_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    detail: text('detail'),
    email: text('email'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_sign_in_events_connection_idx').on(t.connectionId, t.at)],
)

/**
 * A new SSO identity waiting for the holder of an existing account to accept
 * it (lib/sso/link-requests.ts). Bound to the browser that signed in
 * (browser_hash) and, for the email path, to a token sent to the address.
 */
export const ssoLinkRequests = pgTable(
  'sso_link_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    email: text('email').notNull(),
    browserHash: text('browser_hash').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    callbackPath: text('callback_path').notNull().default('/'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_link_requests_user_idx').on(t.userId)],
)

export type SsoConnection = typeof ssoConnections.$inferSelect
export type SsoDomain = typeof ssoDomains.$inferSelect
export type SsoLinkRequest = typeof ssoLinkRequests.$inferSelect
