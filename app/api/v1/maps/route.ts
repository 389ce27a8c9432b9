import { NextResponse } from 'next/server'
import { requireMembership } from '@/lib/auth/membership'
import { route } from '@/lib/http/route'
import { workspaceParam } from '@/lib/http/workspace-param'
import { createMap, listMaps } from '@/lib/maps/maps'
import { newMapSchema } from '@/lib/maps/schemas'

/** GET /api/v1/maps?workspace=<id>: the workspace's maps (id, name, the live document its editor syncs, stage and segment counts). */
export const GET = route({ access: 'user' }, async ({ req, session }) => {
  const member = await requireMembership(session!.user.id, { id: workspaceParam(req) }, 'maps.read')
  const maps = await listMaps(member)
  return { maps: maps.map((m) => ({ id: m.id, name: m.name, template: m.template, doc: m.doc, stages: m.stages, segments: m.segments, placements: m.placements, updatedAt: m.updatedAt })) }
})

/** POST /api/v1/maps?workspace=<id> {name, template}: creates a map (editors). */
export const POST = route({ access: 'user', body: newMapSchema }, async ({ req, session, body }) => {
  const member = await requireMembership(session!.user.id, { id: workspaceParam(req) }, 'maps.edit')
  const created = await createMap(member, body)
  return NextResponse.json(created, { status: 201 })
})
