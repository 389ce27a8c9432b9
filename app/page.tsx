import { redirect } from 'next/navigation'
import { requireSessionPage } from '@/lib/auth/page-guards'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'

export const dynamic = 'force-dynamic'

/** Signed in: your first workspace's overview (or creating one). Otherwise: sign-in. */
export default async function Home() {
  const session = await requireSessionPage('/')
  const mine = await listMyWorkspaces(session)
  redirect(mine[0] ? `/w/${mine[0].slug}` : '/workspaces/new')
}
