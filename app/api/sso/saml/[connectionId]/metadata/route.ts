import { NextResponse, type NextRequest } from 'next/server'
import { loadSamlConnection } from '@/lib/sso/saml/load-saml-connection'
import { spMetadataXml } from '@/lib/sso/saml/service-provider'

export const dynamic = 'force-dynamic'

/** Touchmap's SP metadata for a SAML connection (its entity ID is this URL), for the IdP's admin to import. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params
  const sso = await loadSamlConnection(connectionId)
  if (!sso) return NextResponse.json({ error: 'Not found' }, { status: 404 })
  const download = req.nextUrl.searchParams.has('download')
  return new NextResponse(spMetadataXml(sso), {
    headers: {
      'content-type': 'application/samlmetadata+xml; charset=utf-8',
      ...(download ? { 'content-disposition': `attachment; filename="touchmap-sp-${sso.id}.xml"` } : {}),
    },
  })
}
