import { route } from '@/lib/http/route'

/** The workspace as its member sees it: name, slug, and their role and permissions. */
export const GET = route({ permission: 'workspace.read' }, async ({ member }) => ({
  id: member!.workspaceId,
  name: member!.workspaceName,
  slug: member!.workspaceSlug,
  role: member!.role,
  permissions: [...member!.permissions].sort(),
}))
