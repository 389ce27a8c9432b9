import { NotFoundError } from '@/lib/errors'
import { v1Member } from '@/lib/http/api-auth'
import { route } from '@/lib/http/route'
import { getMap } from '@/lib/maps/maps'

/** GET /api/v1/maps/{id}: the map with its stages, segments and placed touchpoints (API key, or signed in with ?workspace=<id>). */
export const GET = route({ access: 'user', apiKey: true }, async (args) => {
  const member = await v1Member(args, 'maps.read')
  if (!/^[0-9a-f-]{36}$/i.test(args.params.mapId ?? '')) throw new NotFoundError('Map not found')
  return getMap(member, args.params.mapId!)
})
