import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { roles } from './rbac'
import { departments, workspaces } from './workspaces'

export const SSO_PROTOCOLS = ['oidc', 'saml'] as const
export type SsoProtocol = (typeof SSO_PROTOCOLS)[number]

/**
 * A workspace's single sign-on connection: OpenID Connect (issuer, client id,
 * client secret stored encrypted, lib/crypto/secret-box.ts) or SAML 2.0
 * (issuer is the IdP's entity ID; the rest is in sso_saml_settings).
 */
export const ssoConnections = pgTable(
  'sso_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    protocol: text('protocol', { enum: SSO_PROTOCOLS }).notNull().default('oidc'),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull().default(''),
    clientSecretEnc: text('client_secret_enc').notNull().default(''),
    defaultRoleKey: text('default_role_key').notNull().references(() => roles.key),
    enabled: boolean('enabled').notNull().default(true),
    /** Treat an ID token without `email_verified` as verified (never one that says false); only for DNS-verified domains. */
    trustEmails: boolean('trust_emails').notNull().default(false),
    /** The last sign-in this connection completed (the settings page's status). */
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** The last SCIM request its token made. */
    scimLastRequestAt: timestamp('scim_last_request_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_connections_workspace_idx').on(t.workspaceId)],
)

export const SAML_BINDINGS = ['redirect', 'post'] as const
export type SamlBinding = (typeof SAML_BINDINGS)[number]

/** A SAML connection's IdP: where to send people, the certificates it signs with, and how its attributes are named. */
export const ssoSamlSettings = pgTable('sso_saml_settings', {
  connectionId: uuid('connection_id')
    .primaryKey()
    .references(() => ssoConnections.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  ssoUrl: text('sso_url').notNull(),
  binding: text('binding', { enum: SAML_BINDINGS }).notNull().default('redirect'),
  /** PEM certificates the IdP signs with (several during a rollover). */
  certificates: text('certificates').array().notNull(),
  /** Where the metadata came from, when it was fetched from a URL. */
  metadataUrl: text('metadata_url'),
  /** Accept responses the IdP sends unasked (off by default: they cannot be tied to a request). */
  idpInitiated: boolean('idp_initiated').notNull().default(false),
  emailAttribute: text('email_attribute'),
  nameAttribute: text('name_attribute'),
  groupsAttribute: text('groups_attribute'),
})

/**
 * SAML message ids a connection has seen: the AuthnRequests it sent (kind
 * 'request', consumed by the response that answers them), the assertions it
 * accepted (kind 'assertion', kept until they expire so none is replayed), and
 * verified sign-ins waiting for the browser that asked (kind 'completion').
 */
export const ssoSamlMessages = pgTable(
  'sso_saml_messages',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['request', 'assertion', 'completion'] }).notNull(),
    messageId: text('message_id').notNull(),
    value: text('value').notNull().default(''),
    /** Requests: the hash of the secret in the browser that asked (its answer completes only there). */
    browserHash: text('browser_hash'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.kind, t.messageId] }), index('sso_saml_messages_expiry_idx').on(t.expiresAt)],
)

/** A connection's SCIM bearer tokens: shown once, stored as a SHA-256 hash, revocable. */
export const scimTokens = pgTable(
  'scim_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters, so an admin can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('scim_tokens_connection_idx').on(t.connectionId)],
)

/** A person the IdP provisioned through SCIM (the SCIM User resource; `id` is its SCIM id). */
export const scimUsers = pgTable(
  'scim_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userName: text('user_name').notNull(),
    externalId: text('external_id'),
    active: boolean('active').notNull().default(true),
    /** This SCIM user's creation made the Touchmap account (so the same connection's SSO may sign into it without a confirmation). */
    createdAccount: boolean('created_account').notNull().default(false),
    /** The resource as the IdP last wrote it (core attributes only), returned by GET. */
    resource: jsonb('resource').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('scim_users_connection_username_idx').on(t.connectionId, sql`lower(${t.userName})`),
    uniqueIndex('scim_users_connection_external_idx').on(t.connectionId, t.externalId),
    uniqueIndex('scim_users_connection_user_idx').on(t.connectionId, t.userId),
  ],
)

/** A SCIM Group: its members join a department, and an admin may map it to a role. */
export const scimGroups = pgTable(
  'scim_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').notNull().references(() => ssoConnections.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    externalId: text('external_id'),
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
    roleKey: text('role_key').references(() => roles.key),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('scim_groups_connection_name_idx').on(t.connectionId, sql`lower(${t.displayName})`)],
)

export const scimGroupMembers = pgTable(
  'scim_group_members',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => scimGroups.id, { onDelete: 'cascade' }),
    scimUserId: uuid('scim_user_id')
      .notNull()
      .references(() => scimUsers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.scimUserId] }), index('scim_group_members_user_idx').on(t.scimUserId)],
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
    /** Members with this domain may enter the workspace only through this connection (lib/sso/enforcement.ts). */
    enforced: boolean('enforced').notNull().default(false),
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
export type SsoSamlSettings = typeof ssoSamlSettings.$inferSelect
export type ScimUser = typeof scimUsers.$inferSelect
export type ScimGroup = typeof scimGroups.$inferSelect
