import { requireMembership } from '@/lib/auth/membership'
import { NotFoundError } from '@/lib/errors'
import { route } from '@/lib/http/route'
import { getMap } from '@/lib/maps/maps'
import { workspaceParam } from '@/lib/http/workspace-param'

/** GET /api/v1/maps/{id}?workspace=<id>: the map with its stages, segments and placed touchpoints. */
export const GET = route({ access: 'user' }, async ({ req, params, session }) => {
  const member = await requireMembership(session!.user.id, { id: workspaceParam(req) }, 'maps.read')
  if (!/^[0-9a-f-]{36}$/i.test(params.mapId ?? '')) throw new NotFoundError('Map not found')
  return getMap(member, params.mapId!)
})
