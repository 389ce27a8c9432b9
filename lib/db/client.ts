import path from 'node:path'
import { mkdirSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import * as schema from '@/db/schema'
import { installJobSchema } from '@/lib/jobs/schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>

/** The role every app query runs as: owns no table, has no BYPASSRLS (db/migrations/0001_tenancy_rls.sql). */
export const APP_ROLE = 'touchmap_app'
const MIGRATIONS = path.resolve(process.cwd(), 'db/migrations')
const MIGRATION_LOCK = 7_261_001 // pg_advisory_lock key: one process migrates at a time
/** PGlite's superuser, which owns its tables. */
const PGLITE_OWNER = 'postgres'

/** How the job queue (lib/jobs/queue.ts) reaches this database: its own small pool on PostgreSQL, or statements run as the owner on PGlite's one session. */
export type JobConnection = { connectionString: string } | { db: { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> } }

export type DbHandle = {
  db: Db
  kind: 'pglite' | 'postgres'
  jobs: JobConnection
  /** Pings the database; throws when it is down. */
  ping: () => Promise<void>
  close: () => Promise<void>
}

export type DbOptions = { databaseUrl?: string; dataDir?: string; inMemory?: boolean; max?: number }

/**
 * Opens the database, applies migrations, and returns a handle whose queries
 * run as the app role. PGlite (embedded) when no URL is given, else PostgreSQL.
 */
export async function openDatabase(opts: DbOptions): Promise<DbHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.max ?? 10) : openPglite(opts)
}

async function openPglite(opts: DbOptions): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  let dir: string | undefined
  if (!opts.inMemory) {
    dir = path.join(opts.dataDir ?? '.data', 'pglite')
    mkdirSync(dir, { recursive: true })
  }
  // pg_trgm: trigram similarity for suggested links and duplicates (lib/insights/suggestions.ts), as on PostgreSQL.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const client = await PGlite.create(dir, { extensions: { pg_trgm } })
  const db = drizzle({ client, schema })
  await migrate(db, { migrationsFolder: MIGRATIONS })
  await installJobSchema({ query: async (text) => (await client.query<Record<string, unknown>>(text)).rows, exec: async (text) => void (await client.exec(text)) })
  // PGlite has one session: after migrating as its superuser, drop to the app role for good.
  await client.exec(`SET ROLE ${APP_ROLE}`)
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    // The queue's statements run as the owner (its tables are not the app role's), each in its own transaction
    // so the role never leaks to another statement of the one session.
    jobs: {
      db: {
        executeSql: (text, values = []) =>
          client.transaction(async (tx) => {
            await tx.exec(`SET LOCAL ROLE ${PGLITE_OWNER}`)
            const r = await tx.query(text, values as unknown[])
            return { rows: r.rows }
          }),
      },
    },
    ping: async () => {
      await client.query('select 1')
    },
    close: () => client.close(),
  }
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import('postgres')
  const { drizzle } = await import('drizzle-orm/postgres-js')
  const { migrate } = await import('drizzle-orm/postgres-js/migrator')
  const owner = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await owner`select pg_advisory_lock(${MIGRATION_LOCK})`
    await migrate(drizzle({ client: owner }), { migrationsFolder: MIGRATIONS })
    await installJobSchema({ query: (text) => owner.unsafe(text) as unknown as Promise<Record<string, unknown>[]>, exec: async (text) => void (await owner.unsafe(text).simple()) })
  } finally {
    await owner.end({ timeout: 5 })
  }
  // Every pooled connection starts as the app role (a startup parameter).
  const client = postgres(url, { max, onnotice: () => {}, connection: { role: APP_ROLE, application_name: 'touchmap' } })
  const db = drizzle({ client, schema })
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    jobs: { connectionString: url },
    ping: async () => {
      await client`select 1`
    },
    close: () => client.end({ timeout: 5 }),
  }
}

/** Used by health checks and tests. */
export async function currentRole(db: Db): Promise<string> {
  const rows = await db.execute<{ role: string }>(sql`select current_user as role`)
  return (rows as unknown as { role: string }[])[0]?.role ?? (rows as unknown as { rows: { role: string }[] }).rows[0]!.role
}
