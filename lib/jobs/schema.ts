/**
 * The job queue's tables (pg-boss, in its own schema `pgboss`), installed or
 * migrated with the app's migrations by the database owner, before the
 * process drops to the app role. pg-boss itself starts with `migrate: false`
 * (lib/jobs/queue.ts), so no running process alters them.
 */
import { createRequire } from 'node:module'
import PgBoss from 'pg-boss'

export const JOB_SCHEMA = 'pgboss'

/** The schema version this pg-boss release expects. */
export function jobSchemaVersion(): number {
  const require = createRequire(import.meta.url)
  return (require('pg-boss/version.json') as { schema: number }).schema
}

export type OwnerSql = {
  /** One statement, its rows. */
  query: (text: string) => Promise<Record<string, unknown>[]>
  /** Several statements (simple protocol). */
  exec: (text: string) => Promise<void>
}

/** Installs pg-boss's schema, or migrates it to this release's version. Run as the database owner, one process at a time. */
export async function installJobSchema(sql: OwnerSql): Promise<'installed' | 'migrated' | 'current'> {
  const [exists] = await sql.query(`select to_regclass('${JOB_SCHEMA}.version') is not null as installed`)
  if (!exists?.installed) {
    await sql.exec(PgBoss.getConstructionPlans(JOB_SCHEMA))
    return 'installed'
  }
  const [row] = await sql.query(`select version from ${JOB_SCHEMA}.version`)
  const version = Number(row?.version)
  if (version >= jobSchemaVersion()) return 'current'
  await sql.exec(PgBoss.getMigrationPlans(JOB_SCHEMA, String(version)))
  return 'migrated'
}
