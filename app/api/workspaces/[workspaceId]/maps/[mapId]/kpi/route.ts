import { route } from '@/lib/http/route'
import { mapKpiBadges } from '@/lib/metrics/read'

/** GET: the KPI a map's cards show (`{ kpi: null }` when none is chosen): the metric, and per measured touchpoint its latest value and status. */
export const GET = route({ permission: 'maps.read' }, async ({ member, params }) => ({ kpi: await mapKpiBadges(member!, params.mapId ?? '') }))
