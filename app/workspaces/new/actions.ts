'use server'

import { z } from 'zod'
import { userAction } from '@/lib/actions/define-action'
import { assertMayOpen } from '@/lib/auth/membership'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { workspaceNameSchema } from '@/lib/workspaces/schemas'

export const createWorkspaceAction = userAction(z.object({ name: workspaceNameSchema }), async (session, { name }) => {
  assertMayOpen(session, null)
  const ws = await createWorkspace(session.user.id, name)
  return { slug: ws.slug }
})
