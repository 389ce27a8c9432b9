import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { openDatabase, type DbHandle } from '@/lib/db/client'
import { installDatabase } from '@/lib/db'

export type TestDb = DbHandle & { url?: string; drop: () => Promise<void> }

export const dbKind = (process.env.TEST_DB_KIND ?? 'pglite') as 'pglite' | 'postgres'

/**
 * A fresh, migrated database for one test file, installed as the process's
 * database: in-memory PGlite, or a new database on TEST_DATABASE_URL's server.
 */
export async function openTestDatabase(): Promise<TestDb> {
  let handle: TestDb
  if (dbKind === 'postgres') {
    const base = process.env.TEST_DATABASE_URL
    if (!base) throw new Error('TEST_DATABASE_URL is not set')
    const name = `${new URL(base).pathname.slice(1)}_${randomBytes(4).toString('hex')}`
    const admin = postgres(base, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${name}"`)
    await admin.end()
    const url = new URL(base)
    url.pathname = `/${name}`
    const h = await openDatabase({ databaseUrl: url.toString(), max: 5 })
    handle = {
      ...h,
      url: url.toString(),
      drop: async () => {
        await h.close()
        const a = postgres(base, { max: 1, onnotice: () => {} })
        await a.unsafe(`drop database if exists "${name}" with (force)`)
        await a.end()
      },
    }
  } else {
    const h = await openDatabase({ inMemory: true })
    handle = { ...h, drop: () => h.close() }
  }
  installDatabase(handle)
  return handle
}
