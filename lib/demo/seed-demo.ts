import { eq } from 'drizzle-orm'
import { systemState, users } from '@/db/schema'
import { config } from '@/lib/config'
import { database } from '@/lib/db'
import { log } from '@/lib/log'
import { createWorkspace } from '@/lib/workspaces/create-workspace'

export const DEMO_EMAIL = 'demo@touchmap.example'
export const DEMO_WORKSPACE = 'Northwind Retail'
const FLAG = 'demo_seeded'

/**
 * On the first start of an embedded (or SEED_DEMO=true) installation, creates
 * the demo user and workspace. Runs once: a flag records that it ran, so a
 * deleted demo workspace stays deleted.
 */
export async function seedDemoOnFirstRun(): Promise<{ email: string; workspaceName: string } | null> {
  const wanted = process.env.SEED_DEMO ? process.env.SEED_DEMO === 'true' : config().embedded
  if (!wanted) return null
  const db = await database()
  const done = await db.select().from(systemState).where(eq(systemState.key, FLAG))
  if (done.length > 0) {
    const demo = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL))
    return demo.length ? { email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE } : null
  }
  const claimed = await db.insert(systemState).values({ key: FLAG, value: new Date().toISOString() }).onConflictDoNothing().returning()
  if (claimed.length === 0) return { email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE } // another process seeds
  const [user] = await db
    .insert(users)
    .values({ email: DEMO_EMAIL, name: 'Dana Demo', emailVerified: new Date() })
    .onConflictDoUpdate({ target: users.email, set: { name: 'Dana Demo' } })
    .returning()
  await createWorkspace(user!.id, DEMO_WORKSPACE)
  log.info('seeded the demo workspace', { workspace: DEMO_WORKSPACE, owner: DEMO_EMAIL })
  return { email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE }
}
