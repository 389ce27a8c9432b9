import { route } from '@/lib/http/route'
import { listMembers } from '@/lib/members/list-members'

export const GET = route({ permission: 'members.read' }, async ({ member }) => ({ members: await listMembers(member!) }))
