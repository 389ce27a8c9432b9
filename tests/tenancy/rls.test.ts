import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users } from '@/db/schema'
import { rowsOf, type Db } from '@/lib/db'
import { currentRole } from '@/lib/db/client'
import { inWorkspace } from '@/lib/db/tenant'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let db: Db
let tables: string[]
let wsA: string
let wsB: string
let userA: string

beforeAll(async () => {
  t = await openTestDatabase()
  db = t.db
  const [a, b] = await db.insert(users).values([{ email: 'a@a.test' }, { email: 'b@b.test' }]).returning()
  userA = a!.id
  wsA = (await createWorkspace(a!.id, 'Alpha')).id
  wsB = (await createWorkspace(b!.id, 'Beta')).id
  tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select distinct table_name from information_schema.columns
      where table_schema = 'public' and (column_name = 'workspace_id' or table_name = 'workspaces')
      order by table_name`),
  ).map((r) => r.table_name)
})
afterAll(() => t?.drop())

describe(`row-level security on ${dbKind}`, () => {
  it('finds the workspace-owned tables', () => {
    expect(tables).toEqual(expect.arrayContaining(['workspaces', 'memberships', 'departments', 'invitations', 'sso_connections', 'sso_domains', 'activity_log']))
  })

  it('runs app queries as a role that owns no table and cannot bypass RLS', async () => {
    expect(await currentRole(db)).toBe('touchmap_app')
    const [role] = rowsOf<{ rolbypassrls: boolean; rolsuper: boolean }>(
      await db.execute(sql`select rolbypassrls, rolsuper from pg_roles where rolname = 'touchmap_app'`),
    )
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false })
    const owned = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tableowner = 'touchmap_app'`))
    expect(owned).toEqual([])
  })

  it('forces RLS with a policy on every workspace-owned table', async () => {
    const rows = rowsOf<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }>(
      await db.execute(sql`
        select c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'`),
    )
    for (const table of tables) {
      const r = rows.find((x) => x.relname === table)
      expect(r, table).toBeDefined()
      expect({ table, rls: r!.relrowsecurity, force: r!.relforcerowsecurity }).toEqual({ table, rls: true, force: true })
      expect(r!.policies, table).toBeGreaterThan(0)
    }
  })

  it('returns zero rows from every workspace-owned table without a workspace context', async () => {
    for (const table of tables) {
      const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`))
      expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 })
    }
  })

  it('shows a workspace context its own rows only, and refuses writes into another workspace', async () => {
    await inWorkspace(wsA, userA, async (tx) => {
      for (const table of tables) {
        const col = table === 'workspaces' ? 'id' : 'workspace_id'
        const rows = rowsOf<{ n: number }>(
          await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(col)} <> ${wsA}`),
        )
        expect({ table, foreign: rows[0]!.n }).toEqual({ table, foreign: 0 })
      }
    })
    await expect(
      inWorkspace(wsA, userA, (tx) => tx.execute(sql`insert into departments (workspace_id, name) values (${wsB}, 'Smuggled')`)),
    ).rejects.toThrow()
    const updated = await inWorkspace(wsA, userA, (tx) => tx.execute(sql`update workspaces set name = 'Taken' where id = ${wsB} returning id`))
    expect(rowsOf(updated)).toEqual([])
  })

  it('ignores a forged workspace id that is not a uuid', async () => {
    await expect(inWorkspace("' or true --", null, (tx) => tx.execute(sql`select count(*) from departments`))).rejects.toThrow()
    await expect(inWorkspace(randomUUID(), null, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from departments`))[0]!.n)).resolves.toBe(0)
  })
})
