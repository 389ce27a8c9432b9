import { mapToCsv } from '@/lib/exports/csv-json'
import { exportFileName, fileResponse, loadMapExport } from '@/lib/exports/map-export'
import { route } from '@/lib/http/route'

/** The map as CSV: one row per placed card (stage, segment, position, the touchpoint's fields). */
export const GET = route({ permission: 'maps.read' }, async ({ member, params }) => {
  const m = await loadMapExport(member!, params.mapId ?? '')
  return fileResponse(mapToCsv(m), 'text/csv; charset=utf-8', exportFileName(m, 'csv'))
})
