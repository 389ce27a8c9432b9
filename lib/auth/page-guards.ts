import { notFound, redirect } from 'next/navigation'
import { currentSession, type CurrentSession } from './current-session'
import { getMembership, type MemberContext } from './membership'

/** Pages: the session, or a redirect to sign-in that comes back here. */
export async function requireSessionPage(returnTo: string): Promise<CurrentSession> {
  const session = await currentSession()
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`)
  return session
}

/**
 * Pages in /w/[slug]: the member's context, or 404 for anyone else (same as a
 * workspace that does not exist). A member whose sign-in does not meet the
 * workspace's SSO enforcement is sent to sign in through SSO instead.
 */
export async function requireMemberPage(slug: string, returnTo: string): Promise<{ session: CurrentSession; member: MemberContext }> {
  const session = await requireSessionPage(returnTo)
  const member = await getMembership(session, { slug })
  if (!member) {
    if (await getMembership({ ...session, ssoConnectionId: undefined }, { slug })) redirect(`/signin?error=sso_required&callbackUrl=${encodeURIComponent(returnTo)}`)
    notFound()
  }
  return { session, member }
}
