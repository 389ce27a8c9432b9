'use server'

import { z } from 'zod'
import { userAction } from '@/lib/actions/define-action'
import { acceptInvitation } from '@/lib/invitations/invitations'

export const acceptInvitationAction = userAction(z.object({ token: z.string().min(1, 'Missing invitation token').max(200) }), (session, { token }) =>
  acceptInvitation(session, token),
)
