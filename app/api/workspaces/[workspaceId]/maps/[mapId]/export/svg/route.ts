import { exportFileName, fileResponse, loadMapExport } from '@/lib/exports/map-export'
import { mapToSvg } from '@/lib/exports/svg'
import { route } from '@/lib/http/route'

/** The map grid as one SVG image; components/exports turns it into a PNG in the browser. */
export const GET = route({ permission: 'maps.read' }, async ({ member, params }) => {
  const m = await loadMapExport(member!, params.mapId ?? '')
  const res = fileResponse(mapToSvg(m), 'image/svg+xml; charset=utf-8', exportFileName(m, 'svg'))
  // Served as a download, never rendered as a page of this origin.
  res.headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
  return res
})
