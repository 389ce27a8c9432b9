import { z } from 'zod'

export const workspaceNameSchema = z
  .string({ error: 'Enter a workspace name' })
  .trim()
  .min(2, 'A workspace name needs at least 2 characters')
  .max(80, 'A workspace name can have at most 80 characters')

export const DEFAULT_DEPARTMENTS = ['Sales', 'Marketing', 'Operations', 'Support'] as const

/** A URL-safe slug from a name: "Northwind Retail" -> "northwind-retail". */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
  return base.length >= 2 ? base : `workspace-${base || 'new'}`
}
