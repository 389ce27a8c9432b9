import { NextResponse } from 'next/server'
import { z } from 'zod'
import { ValidationError } from '@/lib/errors'
import { readBodyText, route } from '@/lib/http/route'
import { parseInput } from '@/lib/http/validation'
import { listImports, previewImport, startImport } from '@/lib/interactions/imports'
import { FORMATS, MAX_IMPORT_BYTES, mappingSchema, sourceNameSchema } from '@/lib/interactions/model'

const querySchema = z.object({
  source: sourceNameSchema,
  format: z.enum(FORMATS, { error: 'The format is csv or jsonl' }),
  preview: z.enum(['0', '1']).default('0'),
  file: z.string().max(200).default('interactions'),
  mapping: z.string().max(2_000).optional(),
})

/** GET: the latest imports with their progress. */
export const GET = route({ permission: 'maps.read' }, async ({ member }) => ({ imports: await listImports(member!) }))

/**
 * POST the export (CSV or JSON lines, at most 150 MB) as the body.
 * `?preview=1`: its columns, first rows and the mapping to propose (the
 * source's remembered one when it fits). Otherwise, with `mapping` (JSON:
 * field → column): the import starts in the background; 202 with its id.
 */
export const POST = route({ permission: 'maps.edit' }, async ({ req, member }) => {
  const q = parseInput(querySchema, Object.fromEntries(req.nextUrl.searchParams))
  const text = await readBodyText(req, MAX_IMPORT_BYTES)
  if (!text.trim()) throw new ValidationError({ file: ['The file is empty'] })
  if (q.preview === '1') return previewImport(member!, q.source, q.format, text)
  let mapping: unknown
  try {
    mapping = JSON.parse(q.mapping ?? '{}')
  } catch {
    throw new ValidationError({ mapping: ['The mapping must be JSON: { "timestamp": "<column>", … }'] })
  }
  const started = await startImport(member!, { source: q.source, format: q.format, fileName: q.file, mapping: parseInput(mappingSchema, mapping), text })
  return NextResponse.json(started, { status: 202 })
})
