/**
 * The catalog's CSV columns: what an export writes and an import reads, so an
 * export re-imports. Headers match case-insensitively, ignoring spaces,
 * underscores and dashes ("Supporting processes" = supportingProcesses).
 *
 *   id                  optional; rows with the same id are one touchpoint (one row per placement).
 *                       An id of a touchpoint in this workspace updates it; any other id makes a new one.
 *   name                required, 1 to 120 characters
 *   kind                communication | human | physical | sensory (empty: communication)
 *   ownership           owned | paid | earned (empty: owned)
 *   control             direct | indirect (empty: direct)
 *   channel, description, interactions, supportingProcesses, supportingPeople, peopleMet,
 *   desiredOutcome, dataGenerated, customerDataUsed, optimalExperience, promises, emotions,
 *   dataCaptured, procedures   free text, with the limits of lib/maps/model.ts
 *   onsitePage          yes | no (also true/false, 1/0; empty: no)
 *   owner               the email of a member of the workspace (empty: nobody)
 *   department          the name of one of the workspace's departments (empty: none)
 *   status              active | retired (empty: active)
 *   map, stage, segment optional, together: place the touchpoint on that map's stage and segment (existing names)
 */
import { TEXT_FIELDS } from '@/lib/maps/model'

export const CSV_COLUMNS = [
  'id',
  'name',
  'kind',
  'ownership',
  'control',
  'channel',
  'onsitePage',
  'owner',
  'department',
  'status',
  'description',
  ...(Object.keys(TEXT_FIELDS).filter((k) => k !== 'description' && k !== 'channel') as (keyof typeof TEXT_FIELDS)[]),
  'map',
  'stage',
  'segment',
] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

const norm = (h: string) => h.toLowerCase().replace(/[\s_\-]+/g, '')
const BY_NORM = new Map<string, CsvColumn>(CSV_COLUMNS.map((c) => [norm(c), c]))

/** The column a header names, or null when it is not one of ours. */
export function columnOf(header: string): CsvColumn | null {
  return BY_NORM.get(norm(header.trim())) ?? null
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024
export const MAX_IMPORT_ROWS = 50_000
