import { mapToJson } from '@/lib/exports/csv-json'
import { exportFileName, fileResponse, loadMapExport } from '@/lib/exports/map-export'
import { route } from '@/lib/http/route'

/** The map as JSON: stages, segments and placements with the touchpoints' details, enough to rebuild it. */
export const GET = route({ permission: 'maps.read' }, async ({ member, params }) => {
  const m = await loadMapExport(member!, params.mapId ?? '')
  return fileResponse(JSON.stringify(mapToJson(m), null, 2), 'application/json; charset=utf-8', exportFileName(m, 'json'))
})
