import { sql } from 'drizzle-orm'
import { database, type Tx } from './index'

/**
 * The only way app code reaches workspace-owned rows: a transaction whose
 * workspace and user are set with bound parameters, so PostgreSQL's row-level
 * security admits that workspace's rows and no other's.
 */
export async function inWorkspace<T>(workspaceId: string, userId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await database()
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('app.user_id', ${userId ?? ''}, true)`,
    )
    return fn(tx)
  })
}

/**
 * A transaction with only a user set: it sees that user's memberships and
 * workspaces (to list and switch them) and no workspace's content.
 */
export async function asUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await database()
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.workspace_id', '', true), set_config('app.user_id', ${userId}, true)`)
    return fn(tx)
  })
}
