'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { repairMap } from '@/lib/maps/repair-map'
import { leaveWorkspace } from '@/lib/members/manage-members'
import { uuidSchema } from '@/lib/schemas/common'
import { deleteWorkspace, renameWorkspace } from '@/lib/workspaces/manage-workspace'
import { workspaceNameSchema } from '@/lib/workspaces/schemas'

export const renameWorkspaceAction = workspaceAction(z.object({ name: workspaceNameSchema }), 'workspace.update', (ctx, { name }) => renameWorkspace(ctx, name))

export const deleteWorkspaceAction = workspaceAction(
  z.object({ confirmName: z.string({ error: 'Type the workspace name to confirm' }).max(200) }),
  'workspace.delete',
  async (ctx, { confirmName }) => {
    await deleteWorkspace(ctx, confirmName)
    redirect('/')
  },
)

export const leaveWorkspaceAction = workspaceAction(z.object({}), 'workspace.read', async (ctx) => {
  await leaveWorkspace(ctx)
  redirect('/')
})

/** An admin repairs a map whose stored document holds data it should not (lib/maps/repair-map.ts). */
export const repairMapAction = workspaceAction(z.object({ mapId: uuidSchema('map') }), 'workspace.update', (ctx, { mapId }) => repairMap(ctx, mapId))
