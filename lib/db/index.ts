import { config } from '@/lib/config'
import { openDatabase, type Db, type DbHandle } from './client'

export type { Db, Tx, DbHandle } from './client'

/**
 * One database handle per process, kept on globalThis: the custom server and
 * the Next bundle load this module separately and must share one PGlite.
 */
const g = globalThis as unknown as { __touchmapDb?: Promise<DbHandle> }

export function databaseHandle(): Promise<DbHandle> {
  if (!g.__touchmapDb) {
    const c = config()
    g.__touchmapDb = openDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir })
    g.__touchmapDb.catch(() => {
      g.__touchmapDb = undefined
    })
  }
  return g.__touchmapDb
}

export async function database(): Promise<Db> {
  return (await databaseHandle()).db
}

/** Tests and tools: make `handle` the process's database. */
export function installDatabase(handle: DbHandle | undefined): void {
  g.__touchmapDb = handle ? Promise.resolve(handle) : undefined
}

/** Rows of a raw `db.execute()` on either driver (PGlite returns {rows}, postgres.js an array). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
