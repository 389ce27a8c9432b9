import { exportFileName, fileResponse, loadMapExport } from '@/lib/exports/map-export'
import { mapToPdf } from '@/lib/exports/pdf'
import { route } from '@/lib/http/route'

/** The map as a printable vector PDF (A4 or A3 landscape, as many pages as the grid needs). */
export const GET = route({ permission: 'maps.read' }, async ({ member, params }) => {
  const m = await loadMapExport(member!, params.mapId ?? '')
  return fileResponse(mapToPdf(m), 'application/pdf', exportFileName(m, 'pdf'))
})
