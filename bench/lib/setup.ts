/** A fresh PostgreSQL database for one benchmark run, with a workspace and an editor. */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { users } from '@/db/schema'
import { installDatabase } from '@/lib/db'
import { openDatabase, type DbHandle } from '@/lib/db/client'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { createTicket } from '@/realtime/tickets'
import type { ServerProcess } from './server-process'

export type BenchDb = { url: string; handle: DbHandle; workspaceId: string; userId: string; drop: () => Promise<void> }

export async function openBenchDatabase(base: string): Promise<BenchDb> {
  const name = `touchmap_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  const handle = await openDatabase({ databaseUrl: url.toString(), max: 20 })
  installDatabase(handle)
  const [u] = await handle.db.insert(users).values({ email: 'bench@touchmap.test', name: 'Bench' }).returning()
  const ws = await createWorkspace(u!.id, 'Bench')
  return {
    url: url.toString(),
    handle,
    workspaceId: ws.id,
    userId: u!.id,
    drop: async () => {
      await handle.close()
      const a = postgres(base, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists "${name}" with (force)`)
      await a.end()
    },
  }
}

/** The socket URL of `doc` on a server: ours needs a fresh ticket, the stock server takes the name as the path. */
export async function socketUrl(server: ServerProcess, db: BenchDb, doc: string): Promise<string> {
  if (server.kind === 'stock') return `ws://127.0.0.1:${server.port}/${doc}`
  return `ws://127.0.0.1:${server.port}/realtime/${doc}?ticket=${await createTicket(db.userId, db.workspaceId, doc)}`
}

export function serverEnv(db: BenchDb, origin: string): Record<string, string> {
  return { DATABASE_URL: db.url, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00', APP_URL: origin, REDIS_URL: '' }
}
