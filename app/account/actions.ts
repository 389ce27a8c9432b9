'use server'

import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { users } from '@/db/schema'
import { userAction } from '@/lib/actions/define-action'
import { signOut } from '@/lib/auth/auth'
import { database } from '@/lib/db'
import { nameSchema } from '@/lib/schemas/common'
import { revokeAllMySessions, revokeMySession } from '@/lib/sessions/sessions'

export const updateProfile = userAction(z.object({ name: nameSchema('name', 80) }), async (session, { name }) => {
  const db = await database()
  await db.update(users).set({ name }).where(eq(users.id, session.user.id))
})

export const revokeSession = userAction(z.object({ sessionId: z.string().regex(/^[0-9a-f]{32}$/, 'Unknown session') }), (session, { sessionId }) =>
  revokeMySession(session, sessionId),
)

export const signOutEverywhere = userAction(z.object({}), async (session) => ({ signedOut: await revokeAllMySessions(session) }))

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/signin' })
}
