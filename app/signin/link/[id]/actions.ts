'use server'

import { cookies } from 'next/headers'
import { z } from 'zod'
import { publicAction } from '@/lib/actions/define-action'
import { currentSession } from '@/lib/auth/current-session'
import { uuidSchema } from '@/lib/schemas/common'
import { confirmLinkRequest, LINK_COOKIE } from '@/lib/sso/link-requests'
import { signInThrough } from '@/lib/sso/start-sso'

/** The account holder accepts a new SSO identity; then the SSO sign-in continues (redirects to the IdP). */
export const confirmSsoLinkAction = publicAction(
  z.object({ requestId: uuidSchema('confirmation'), token: z.string().max(200).optional() }),
  async ({ requestId, token }) => {
    const jar = await cookies()
    const session = await currentSession()
    const out = await confirmLinkRequest({ id: requestId, browserSecret: jar.get(LINK_COOKIE)?.value, token, signedInUserId: session?.user.id ?? null })
    jar.delete(LINK_COOKIE)
    return signInThrough(out.connectionId, out.callbackPath)
  },
)
