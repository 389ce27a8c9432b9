/**
 * What a map export contains, read from the read model (never from the live
 * document): the map, its stages and segments in order, and each placement
 * with its touchpoint's full detail. CSV, JSON, PDF and SVG are renderings of
 * this one structure.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { departments, memberships, touchpoints, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { getMap } from '@/lib/maps/maps'
import type { Lanes } from '@/lib/maps/lanes'
import { TEXT_FIELDS, type TextField } from '@/lib/maps/model'

export type ExportTouchpoint = {
  id: string
  name: string
  kind: string
  ownership: string
  control: string
  onsitePage: boolean
  status: string
  ownerDepartment: string | null
  ownerName: string | null
  ownerEmail: string | null
} & { [K in TextField]: string }

export type ExportStage = { id: string; name: string; description: string; weight: number; position: number }
export type ExportSegment = { id: string; name: string; profile: string; goal: string; priority: number; position: number }
export type ExportPlacement = { id: string; stageId: string; segmentId: string; position: number; touchpoint: ExportTouchpoint }

export type MapExport = {
  map: { id: string; name: string; template: string }
  workspace: { id: string; name: string }
  exportedAt: Date
  stages: ExportStage[]
  segments: ExportSegment[]
  placements: ExportPlacement[]
  /** The lanes around the touchpoints: customer actions and thoughts, backstage, emotion per row (none: no lanes). */
  lanes?: Lanes
}

export const TEXT_FIELD_NAMES = Object.keys(TEXT_FIELDS) as TextField[]

/** Loads a map for export; a map that is not in the caller's workspace (or not a map id at all) is 404. */
export async function loadMapExport(ctx: MemberContext, mapId: string, now = new Date()): Promise<MapExport> {
  if (!z.uuid().safeParse(mapId).success) throw new NotFoundError('Map not found')
  const detail = await getMap(ctx, mapId)
  const ids = [...new Set(detail.placements.map((p) => p.touchpoint.id))]
  const rows = ids.length
    ? await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
        tx
          .select({ t: touchpoints, department: departments.name, owner: users.name, ownerEmail: users.email })
          .from(touchpoints)
          .leftJoin(departments, eq(departments.id, touchpoints.ownerDepartmentId))
          .leftJoin(memberships, and(eq(memberships.workspaceId, touchpoints.workspaceId), eq(memberships.userId, touchpoints.ownerUserId)))
          .leftJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(touchpoints.workspaceId, ctx.workspaceId), inArray(touchpoints.id, ids))),
      )
    : []
  const byId = new Map<string, ExportTouchpoint>()
  for (const { t, department, owner, ownerEmail } of rows) {
    let details: Record<string, unknown> = {}
    try {
      details = JSON.parse(t.details || '{}') as Record<string, unknown>
    } catch {
      details = {}
    }
    const text = Object.fromEntries(TEXT_FIELD_NAMES.map((k) => [k, String(details[k] ?? '')])) as { [K in TextField]: string }
    byId.set(t.id, {
      id: t.id,
      name: t.name,
      kind: t.kind,
      ownership: t.ownership,
      control: t.control,
      onsitePage: t.onsitePage,
      status: t.status,
      ownerDepartment: department ?? null,
      ownerName: owner ?? ownerEmail ?? null,
      ownerEmail: ownerEmail ?? null,
      ...text,
      description: t.description,
      channel: t.channel,
    })
  }
  return {
    map: { id: detail.id, name: detail.name, template: detail.template },
    workspace: { id: ctx.workspaceId, name: ctx.workspaceName },
    exportedAt: now,
    stages: detail.stages.map((s, i) => ({ ...s, position: i })),
    segments: detail.segments.map((s, i) => ({ ...s, position: i })),
    lanes: detail.lanes,
    placements: detail.placements.flatMap((p) => {
      const t = byId.get(p.touchpoint.id)
      return t ? [{ id: p.id, stageId: p.stageId, segmentId: p.segmentId, position: p.position, touchpoint: t }] : []
    }),
  }
}

/** The placements of one cell, in order. */
export function cellOf(m: MapExport, stageId: string, segmentId: string): ExportPlacement[] {
  return m.placements.filter((p) => p.stageId === stageId && p.segmentId === segmentId).sort((a, b) => a.position - b.position)
}

/** A file name from the map's name and the export date: "customer-lifecycle-2026-11-23.pdf". */
export function exportFileName(m: MapExport, ext: string): string {
  const base =
    m.map.name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'map'
  return `${base}-${m.exportedAt.toISOString().slice(0, 10)}.${ext}`
}

/** A download response with a Content-Disposition filename (ASCII, plus the UTF-8 form). */
export function fileResponse(body: string | Uint8Array, type: string, filename: string, disposition: 'attachment' | 'inline' = 'attachment'): Response {
  return new Response(body as BodyInit, {
    headers: {
      'content-type': type,
      'content-disposition': `${disposition}; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
