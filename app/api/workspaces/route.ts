import { NextResponse } from 'next/server'
import { z } from 'zod'
import { assertMayOpen } from '@/lib/auth/membership'
import { route } from '@/lib/http/route'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'
import { workspaceNameSchema } from '@/lib/workspaces/schemas'

/** The signed-in person's workspaces. */
export const GET = route({ access: 'user' }, async ({ session }) => ({ workspaces: await listMyWorkspaces(session!) }))

/** Creates a workspace owned by the signed-in person. */
export const POST = route({ access: 'user', body: z.object({ name: workspaceNameSchema }) }, async ({ session, body }) => {
  assertMayOpen(session!, null)
  const ws = await createWorkspace(session!.user.id, body.name)
  return NextResponse.json({ id: ws.id, name: ws.name, slug: ws.slug }, { status: 201 })
})
