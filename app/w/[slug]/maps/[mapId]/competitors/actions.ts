'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { addCompetitor, addCompetitorTouchpoint, competitorNameSchema, competitorTouchpointSchema, removeCompetitor, removeCompetitorTouchpoint } from '@/lib/competitors/competitors'
import { uuidSchema } from '@/lib/schemas/common'

export const addCompetitorAction = workspaceAction(z.object({ mapId: uuidSchema('map'), name: competitorNameSchema }), 'maps.edit', (ctx, i) => addCompetitor(ctx, i.mapId, i.name))

export const removeCompetitorAction = workspaceAction(z.object({ competitorId: uuidSchema('competitor') }), 'maps.edit', (ctx, i) => removeCompetitor(ctx, i.competitorId))

export const addCompetitorTouchpointAction = workspaceAction(competitorTouchpointSchema, 'maps.edit', (ctx, i) => addCompetitorTouchpoint(ctx, i))

export const removeCompetitorTouchpointAction = workspaceAction(z.object({ entryId: uuidSchema('entry') }), 'maps.edit', (ctx, i) => removeCompetitorTouchpoint(ctx, i.entryId))
