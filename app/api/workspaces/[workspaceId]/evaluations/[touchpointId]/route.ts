import { touchpointEvaluation } from '@/lib/evaluation/evaluation'
import { route } from '@/lib/http/route'

/** GET: one touchpoint's evaluation for the score panel (aggregates per criterion, the caller's own scores, estimates, priority). 404 for an unknown touchpoint. */
export const GET = route({ permission: 'maps.read' }, async ({ member, params }) => touchpointEvaluation(member!, params.touchpointId ?? ''))
