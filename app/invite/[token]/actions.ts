'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/lib/actions/define-action'
import { acceptInvitation } from '@/lib/invitations/invitations'

export const acceptInvitationAction = userAction(z.object({ token: z.string().min(1, 'Missing invitation token').max(200) }), async (session, { token }) => {
  const { workspaceSlug } = await acceptInvitation(session, token)
  redirect(`/w/${workspaceSlug}`)
})
