'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { createInvitation, revokeInvitation } from '@/lib/invitations/invitations'
import { changeMemberRole, removeMember, setMemberDepartment } from '@/lib/members/manage-members'
import { emailSchema, roleSchema, uuidSchema } from '@/lib/schemas/common'

const optionalDepartment = z
  .union([z.literal(''), uuidSchema('department')])
  .optional()
  .transform((v) => v || null)

export const inviteMemberAction = workspaceAction(
  z.object({ email: emailSchema, role: roleSchema, departmentId: optionalDepartment }),
  'members.invite',
  async (ctx, input) => {
    const { id } = await createInvitation(ctx, input)
    return { id }
  },
)

export const revokeInvitationAction = workspaceAction(z.object({ invitationId: uuidSchema('invitation') }), 'members.invite', (ctx, { invitationId }) =>
  revokeInvitation(ctx, invitationId),
)

export const changeMemberRoleAction = workspaceAction(z.object({ userId: z.string().min(1).max(64), role: roleSchema }), 'members.manage', (ctx, i) =>
  changeMemberRole(ctx, i.userId, i.role),
)

export const setMemberDepartmentAction = workspaceAction(
  z.object({ userId: z.string().min(1).max(64), departmentId: optionalDepartment }),
  'members.manage',
  (ctx, i) => setMemberDepartment(ctx, i.userId, i.departmentId),
)

export const removeMemberAction = workspaceAction(z.object({ userId: z.string().min(1).max(64) }), 'members.manage', (ctx, { userId }) =>
  removeMember(ctx, userId),
)
