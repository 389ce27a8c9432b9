import { z } from 'zod'
import { MAP_TEMPLATES, type MapTemplate } from './model'

export const mapNameSchema = z
  .string({ error: 'Enter a map name' })
  .trim()
  .min(1, 'Enter a map name')
  .max(120, 'A map name can have at most 120 characters')

export const mapTemplateSchema = z.enum(Object.keys(MAP_TEMPLATES) as [MapTemplate, ...MapTemplate[]], {
  error: `Template is one of ${Object.keys(MAP_TEMPLATES).join(', ')}`,
})

export const newMapSchema = z.object({ name: mapNameSchema, template: mapTemplateSchema })
