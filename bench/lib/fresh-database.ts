import { randomBytes } from 'node:crypto'
import postgres from 'postgres'

/** The PostgreSQL server the benchmarks use: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local default. */
export const benchDatabaseBase = () => process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A new, empty database on `base` (named `touchmap_bench_<label>_<random>`), and how to drop it. */
export async function freshDatabase(label: string, base = benchDatabaseBase()): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `touchmap_bench_${label}_${randomBytes(4).toString('hex')}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists "${name}" with (force)`)
      await a.end()
    },
  }
}
