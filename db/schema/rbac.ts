import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'

/** Roles as data: the rows are written by a migration (see lib/rbac/permissions.ts). */
export const roles = pgTable('roles', {
  key: text('key').primaryKey(),
  rank: integer('rank').notNull(),
})

export const permissions = pgTable('permissions', {
  key: text('key').primaryKey(),
})

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleKey: text('role_key').notNull().references(() => roles.key, { onDelete: 'cascade' }),
    permissionKey: text('permission_key').notNull().references(() => permissions.key, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roleKey, t.permissionKey] })],
)

export type Role = typeof roles.$inferSelect
