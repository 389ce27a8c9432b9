/**
 * CSV export of the catalog, in the columns the import reads (an export
 * re-imports): one row per touchpoint, or one per placement when it stands on
 * maps (map, stage and segment by name), the rows of one touchpoint sharing its id.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { departments, mapSegments, mapStages, maps, placements, touchpoints, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { CSV_COLUMNS, type CsvColumn } from './columns'
import { csvLine } from './csv'
import { matchingIds, type CatalogQuery } from './query'

const yesNo = (b: boolean) => (b ? 'yes' : 'no')

/** The catalog (or the touchpoints matching `q`) as CSV text, with a byte order mark so spreadsheets read it as UTF-8. */
export async function exportCatalogCsv(ctx: MemberContext, q?: CatalogQuery): Promise<string> {
  const only = q ? new Set(await matchingIds(ctx, q, 1_000_000)) : null
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const ws = ctx.workspaceId
    const rows = await tx
      .select({ t: touchpoints, email: users.email, department: departments.name })
      .from(touchpoints)
      .leftJoin(users, eq(users.id, touchpoints.ownerUserId))
      .leftJoin(departments, eq(departments.id, touchpoints.ownerDepartmentId))
      .where(eq(touchpoints.workspaceId, ws))
      .orderBy(asc(sql`lower(${touchpoints.name})`), asc(touchpoints.id))
    const placed = await tx
      .select({ touchpointId: placements.touchpointId, map: maps.name, stage: mapStages.name, segment: mapSegments.name })
      .from(placements)
      .innerJoin(maps, eq(maps.id, placements.mapId))
      .innerJoin(mapStages, and(eq(mapStages.mapId, placements.mapId), eq(mapStages.id, placements.stageId)))
      .innerJoin(mapSegments, and(eq(mapSegments.mapId, placements.mapId), eq(mapSegments.id, placements.segmentId)))
      .where(eq(placements.workspaceId, ws))
      .orderBy(asc(maps.name), asc(mapSegments.position), asc(mapStages.position), asc(placements.position))
    const byTouchpoint = new Map<string, { map: string; stage: string; segment: string }[]>()
    for (const p of placed) byTouchpoint.set(p.touchpointId, [...(byTouchpoint.get(p.touchpointId) ?? []), p])
    let out = '\uFEFF' + csvLine([...CSV_COLUMNS])
    for (const { t, email, department } of rows) {
      if (only && !only.has(t.id)) continue
      const details = JSON.parse(t.details || '{}') as Record<string, string>
      const base: Record<string, string> = {
        ...details,
        id: t.id,
        name: t.name,
        kind: t.kind,
        ownership: t.ownership,
        control: t.control,
        channel: t.channel,
        onsitePage: yesNo(t.onsitePage),
        owner: email ?? '',
        department: department ?? '',
        status: t.status,
        description: t.description,
      }
      const where = byTouchpoint.get(t.id) ?? [{ map: '', stage: '', segment: '' }]
      for (const p of where) {
        const row: Record<string, string> = { ...base, ...p }
        out += csvLine(CSV_COLUMNS.map((c: CsvColumn) => row[c] ?? ''))
      }
    }
    return out
  })
}
