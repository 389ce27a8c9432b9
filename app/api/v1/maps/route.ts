import { NextResponse } from 'next/server'
import { v1Member } from '@/lib/http/api-auth'
import { route } from '@/lib/http/route'
import { createMap, listMaps } from '@/lib/maps/maps'
import { newMapSchema } from '@/lib/maps/schemas'

/**
 * GET /api/v1/maps: the workspace's maps (id, name, the live document its editor syncs, stage and segment counts).
 * With an API key: the key's workspace (`?workspace=` may be left out; naming another workspace is 404).
 * Signed in: `?workspace=<id>`.
 */
export const GET = route({ access: 'user', apiKey: true }, async (args) => {
  const member = await v1Member(args, 'maps.read')
  const maps = await listMaps(member)
  return { maps: maps.map((m) => ({ id: m.id, name: m.name, template: m.template, doc: m.doc, stages: m.stages, segments: m.segments, placements: m.placements, updatedAt: m.updatedAt })) }
})

/** POST /api/v1/maps?workspace=<id> {name, template}: creates a map (editors, signed in; API keys may not create maps: 403). */
export const POST = route({ access: 'user', apiKey: true, body: newMapSchema }, async (args) => {
  const member = await v1Member(args, 'maps.edit')
  const created = await createMap(member, args.body)
  return NextResponse.json(created, { status: 201 })
})
