import { analysisData } from '@/lib/evaluation/evaluation'
import { route } from '@/lib/http/route'

/** GET: the analysis page's data (every touchpoint's figures, placements, maps and the weights); the page ranks it with lib/evaluation/ranking.ts. */
export const GET = route({ permission: 'maps.read' }, async ({ member }) => analysisData(member!))
