import { route } from '@/lib/http/route'
import { listPersonas } from '@/lib/personas/personas'

/** GET: the workspace's persona library, with where each persona is used (the map editor's "stands for" choice follows it live). */
export const GET = route({ permission: 'maps.read' }, async ({ member }) => listPersonas(member!))
