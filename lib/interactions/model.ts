import { z } from 'zod'

/**
 * Interactions exported from a CRM or help desk: what each row says, and how
 * it is read. The import (imports.ts), the rules (rules.ts) and the page use
 * these.
 */
export const INTERACTION_FIELDS = ['timestamp', 'channel', 'type', 'segment', 'outcome'] as const
export type InteractionField = (typeof INTERACTION_FIELDS)[number]
export const REQUIRED_FIELDS: InteractionField[] = ['timestamp', 'channel', 'type']

export const FORMATS = ['csv', 'jsonl'] as const
export type InteractionFormat = (typeof FORMATS)[number]

export const RULE_FIELDS = ['type', 'channel'] as const
export const RULE_KINDS = ['exact', 'contains', 'regex'] as const
export type RuleField = (typeof RULE_FIELDS)[number]
export type RuleKind = (typeof RULE_KINDS)[number]

export const MAX_IMPORT_BYTES = 150 * 1024 * 1024
export const CHUNK_ROWS = 20_000
export const MAX_PROBLEMS = 50

export type Mapping = Partial<Record<InteractionField, string>>

/** The mapping a person chose: each required field names a column (or key) of the file. */
export function mappingProblems(mapping: Mapping, columns: readonly string[] | null): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const f of REQUIRED_FIELDS) if (!mapping[f]) errors[`mapping.${f}`] = [`Choose the column that holds the ${f}`]
  if (columns) {
    for (const [f, c] of Object.entries(mapping)) if (c && !columns.includes(c)) errors[`mapping.${f}`] = [`The file has no column “${c}”`]
  }
  return errors
}

const ALIASES: Record<InteractionField, string[]> = {
  timestamp: ['timestamp', 'time', 'date', 'created', 'createdat', 'created_at', 'opened', 'datetime'],
  channel: ['channel', 'medium', 'via', 'source', 'origin'],
  type: ['type', 'interaction', 'interactiontype', 'category', 'reason', 'topic', 'subject'],
  segment: ['segment', 'customersegment', 'tier', 'plan'],
  outcome: ['outcome', 'result', 'status', 'resolution'],
}
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** A first guess of the mapping from the file's columns. */
export function guessMapping(columns: readonly string[]): Mapping {
  const out: Mapping = {}
  for (const f of INTERACTION_FIELDS) {
    const hit = columns.find((c) => ALIASES[f].includes(squash(c)))
    if (hit) out[f] = hit
  }
  return out
}

/** The kind of touchpoint a channel suggests (a person on the phone or in the store, a message, a thing). */
export function kindOfChannel(channel: string): 'human' | 'communication' | 'physical' {
  const c = channel.toLowerCase()
  if (/(phone|call|hotline|store|shop|visit|field|meeting|counter|branch)/.test(c)) return 'human'
  if (/(parcel|package|delivery|product|box)/.test(c)) return 'physical'
  return 'communication'
}

export const sourceNameSchema = z.string({ error: 'Name the source (the system the file comes from)' }).trim().min(1, 'Name the source (the system the file comes from)').max(60, 'A source name has at most 60 characters')

export const mappingSchema = z.object(Object.fromEntries(INTERACTION_FIELDS.map((f) => [f, z.string().trim().max(200).optional()])) as Record<InteractionField, z.ZodOptional<z.ZodString>>)

export const ruleInputSchema = z.object({
  field: z.enum(RULE_FIELDS, { error: 'A rule reads the type or the channel' }),
  kind: z.enum(RULE_KINDS, { error: 'A rule is exact, contains or a regular expression' }),
  pattern: z.string({ error: 'Enter what to look for' }).trim().min(1, 'Enter what to look for').max(200, 'A pattern has at most 200 characters'),
  touchpointId: z.string({ error: 'Choose a touchpoint' }).trim().min(1, 'Choose a touchpoint').max(200),
})
export type RuleInput = z.infer<typeof ruleInputSchema>
