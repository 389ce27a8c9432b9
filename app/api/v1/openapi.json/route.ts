import { NextResponse } from 'next/server'
import { config } from '@/lib/config'
import { openApiDocument } from '@/lib/openapi/document'

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of the v1 API (public: it describes, it holds nothing of any workspace). */
export async function GET(): Promise<Response> {
  return NextResponse.json(openApiDocument(config().appUrl), { headers: { 'cache-control': 'public, max-age=300' } })
}
