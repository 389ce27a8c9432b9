'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { uuidSchema } from '@/lib/schemas/common'
import { restoreVersion, saveVersion } from '@/lib/versions/versions'

const nameSchema = z.string({ error: 'Enter a name' }).trim().min(1, 'Enter a name').max(120, 'A version name can have at most 120 characters')

/** Saves a named version of a map. */
export const saveVersionAction = workspaceAction(z.object({ mapId: uuidSchema('map'), name: nameSchema }), 'maps.edit', (ctx, i) => saveVersion(ctx, i))

/** Restores a version as a new change (the map as it was just before is saved, to undo it). */
export const restoreVersionAction = workspaceAction(z.object({ versionId: uuidSchema('version') }), 'versions.restore', (ctx, i) => restoreVersion(ctx, i.versionId))
