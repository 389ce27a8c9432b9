'use server'

import { redirect } from 'next/navigation'
import { workspaceAction } from '@/lib/actions/define-action'
import { createMap } from '@/lib/maps/maps'
import { newMapSchema } from '@/lib/maps/schemas'

/** Creates a map from a template and opens it in the editor. */
export const createMapAction = workspaceAction(newMapSchema, 'maps.edit', async (ctx, input) => {
  const { id } = await createMap(ctx, input)
  redirect(`/w/${ctx.workspaceSlug}/maps/${id}`)
})
