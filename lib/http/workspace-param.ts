import type { NextRequest } from 'next/server'
import { ValidationError } from '@/lib/errors'

/** The workspace a v1 API request names in ?workspace=<id> (a non-member then gets 404 from requireMembership). */
export function workspaceParam(req: NextRequest): string {
  const id = req.nextUrl.searchParams.get('workspace')
  if (!id) throw new ValidationError({ workspace: ['Name the workspace: ?workspace=<workspace id>'] })
  return id
}
