import { eq } from 'drizzle-orm'
import { rolePermissions, roles } from '@/db/schema'
import { database } from '@/lib/db'

/**
 * Roles and their permissions are data (tables roles, permissions,
 * role_permissions, written by db/migrations/0001_tenancy_rls.sql); code
 * checks permissions by name. These types list the names code may use; a test
 * checks they match the table.
 */
export const ROLE_KEYS = ['owner', 'admin', 'manager', 'editor', 'viewer'] as const
export type RoleKey = (typeof ROLE_KEYS)[number]

export const PERMISSIONS = [
  'workspace.read',
  'workspace.update',
  'workspace.delete',
  'members.read',
  'members.invite',
  'members.manage',
  'departments.manage',
  'sso.manage',
  'activity.read',
  'maps.read',
  'maps.edit',
  'touchpoints.assign',
  'insights.triage',
  'insights.create',
  'touchpoints.score',
  'comments.write',
  'apikeys.manage',
  'scoring.configure',
  'audits.manage',
  'versions.restore',
  'personas.manage',
  'maps.delete',
  'maps.share',
  'metrics.manage',
  'metrics.record',
  'webhooks.manage',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export type RoleTable = Map<RoleKey, { rank: number; permissions: Set<Permission> }>

const g = globalThis as unknown as { __touchmapRoles?: Promise<RoleTable> }

/** The role table, read once per process (it changes only with a migration). */
export function roleTable(): Promise<RoleTable> {
  g.__touchmapRoles ??= (async () => {
    const db = await database()
    const rows = await db
      .select({ role: roles.key, rank: roles.rank, permission: rolePermissions.permissionKey })
      .from(roles)
      .leftJoin(rolePermissions, eq(rolePermissions.roleKey, roles.key))
    const table: RoleTable = new Map()
    for (const r of rows) {
      const key = r.role as RoleKey
      if (!table.has(key)) table.set(key, { rank: r.rank, permissions: new Set() })
      if (r.permission) table.get(key)!.permissions.add(r.permission as Permission)
    }
    return table
  })().catch((err) => {
    g.__touchmapRoles = undefined
    throw err
  })
  return g.__touchmapRoles
}

export function isRoleKey(v: unknown): v is RoleKey {
  return typeof v === 'string' && (ROLE_KEYS as readonly string[]).includes(v)
}
