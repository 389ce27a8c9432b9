'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { deleteMap, duplicateMap, renameMapAs, restoreDeletedMap, setArchived } from '@/lib/maps/map-life'
import { mapNameSchema, mapTemplateSchema } from '@/lib/maps/schemas'
import { STARTERS } from '@/lib/maps/starters'
import { createMapFrom, deleteTemplate, saveTemplate, type NewMap } from '@/lib/maps/templates'
import { nameSchema, uuidSchema } from '@/lib/schemas/common'

const starters = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(STARTERS.length, 'Too many starter touchpoints'))

/** Creates a map from a built-in or workspace template (`ws:<id>`), with the starter touchpoints ticked, and opens it in the editor. */
export const createMapAction = workspaceAction(
  z.object({
    name: mapNameSchema,
    template: z.union([mapTemplateSchema, z.string().regex(/^ws:[0-9a-f-]{36}$/i, 'Choose a template')], { error: 'Choose a template' }),
    starters,
  }),
  'maps.edit',
  async (ctx, input) => {
    const { id } = await createMapFrom(ctx, input as NewMap)
    redirect(`/w/${ctx.workspaceSlug}/maps/${id}`)
  },
)

/** Saves a map as a workspace template ("cards": keep its touchpoints on it). */
export const saveTemplateAction = workspaceAction(
  z.object({ mapId: uuidSchema('map'), name: nameSchema('template name', 120), cards: z.enum(['with', 'without'], { error: 'Choose whether the template keeps the touchpoints' }) }),
  'maps.edit',
  (ctx, i) => saveTemplate(ctx, i.mapId, { name: i.name, withTouchpoints: i.cards === 'with' }),
)

export const deleteTemplateAction = workspaceAction(z.object({ templateId: uuidSchema('template') }), 'maps.edit', (ctx, i) => deleteTemplate(ctx, i.templateId))

const mapId = { mapId: uuidSchema('map') }

export const renameMapAction = workspaceAction(z.object({ ...mapId, name: mapNameSchema }), 'maps.edit', (ctx, i) => renameMapAs(ctx, i.mapId, i.name))

/** Duplicates a map ("cards": with its cards on the same catalog touchpoints; else an empty copy of its structure) and opens the copy. */
export const duplicateMapAction = workspaceAction(
  z.object({ ...mapId, name: mapNameSchema, cards: z.enum(['with', 'without'], { error: 'Choose whether the copy keeps the cards' }) }),
  'maps.edit',
  async (ctx, i) => {
    const { id } = await duplicateMap(ctx, i.mapId, { name: i.name, withCards: i.cards === 'with' })
    redirect(`/w/${ctx.workspaceSlug}/maps/${id}`)
  },
)

export const archiveMapAction = workspaceAction(z.object({ ...mapId, archived: z.enum(['true', 'false']) }), 'maps.edit', (ctx, i) => setArchived(ctx, i.mapId, i.archived === 'true'))

export const deleteMapAction = workspaceAction(z.object(mapId), 'maps.delete', (ctx, i) => deleteMap(ctx, i.mapId))

export const restoreDeletedMapAction = workspaceAction(z.object(mapId), 'maps.delete', (ctx, i) => restoreDeletedMap(ctx, i.mapId))
