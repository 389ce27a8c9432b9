/**
 * The second half of the demo: Northwind's colleagues, insights, scores,
 * estimates and comments (lib/demo/northwind-knowledge.ts), written through the
 * app's own services, so the demo shows what the services produce.
 */
import { memberships, users } from '@/db/schema'
import { person as personPrincipal, requireMembership, type MemberContext } from '@/lib/auth/membership'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { addComment } from '@/lib/comments/comments'
import { listDepartments } from '@/lib/departments/departments'
import { setEstimates, setMyScores } from '@/lib/evaluation/evaluation'
import { createInsights } from '@/lib/insights/create'
import { assignInsight, setInsightStatus } from '@/lib/insights/triage'
import { NORTHWIND_COMMENTS, NORTHWIND_ESTIMATES, NORTHWIND_INSIGHTS, NORTHWIND_SCORES, NORTHWIND_TEAM, type TeamKey } from './northwind-knowledge'

const RESOLUTIONS: Record<string, string> = {
  actioned: 'Fixed: the change is live and the owner watches the next month’s figures.',
  dismissed: 'Explained by the seasonal dip; no change needed.',
}

/** Adds the colleagues as members (with their departments) and returns everyone's member context by key. */
async function team(demoUserId: string, workspaceId: string): Promise<Map<TeamKey, MemberContext>> {
  const demo = await requireMembership(personPrincipal(demoUserId), { id: workspaceId })
  const departments = new Map((await listDepartments(demo)).map((d) => [d.name, d.id]))
  const db = await database()
  const out = new Map<TeamKey, MemberContext>([['demo', demo]])
  for (const person of NORTHWIND_TEAM) {
    const [u] = await db
      .insert(users)
      .values({ email: person.email, name: person.name, emailVerified: new Date() })
      .onConflictDoUpdate({ target: users.email, set: { name: person.name } })
      .returning({ id: users.id })
    await inWorkspace(workspaceId, demoUserId, (tx) =>
      tx
        .insert(memberships)
        .values({ workspaceId, userId: u!.id, roleKey: person.role, departmentId: departments.get(person.department) ?? null })
        .onConflictDoNothing(),
    )
    out.set(person.key, await requireMembership(personPrincipal(u!.id), { id: workspaceId }))
  }
  return out
}

export async function seedNorthwindKnowledge(
  demoUserId: string,
  workspaceId: string,
  touchpointIds: Map<string, string>,
): Promise<{ insights: number; scores: number; comments: number; people: Map<TeamKey, MemberContext> }> {
  const people = await team(demoUserId, workspaceId)
  const tp = (key: string) => {
    const id = touchpointIds.get(key)
    if (!id) throw new Error(`demo knowledge: no touchpoint ${key}`)
    return id
  }
  const day = 86_400_000
  // Oldest first, one at a time, so the feed's newest-first order is the story's order.
  let insights = 0
  for (const i of [...NORTHWIND_INSIGHTS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const author = people.get(i.by)!
    const [created] = await createInsights(
      { workspaceId, userId: author.userId },
      [
        {
          title: i.title,
          body: i.body,
          type: i.type,
          source: i.source,
          sourceUrl: i.sourceUrl,
          sentiment: i.sentiment,
          observedOn: new Date(Date.now() - i.daysAgo * day).toISOString().slice(0, 10),
          touchpointIds: i.touchpoints.map(tp),
          segments: [],
          topics: i.topics,
        },
      ],
      'form',
    )
    insights++
    if (i.status && i.status !== 'new') {
      const demo = people.get('demo')!
      await assignInsight(demo, created!.id, author.userId)
      await setInsightStatus(demo, created!.id, i.status, RESOLUTIONS[i.status] ?? '')
    }
  }
  let scores = 0
  for (const s of NORTHWIND_SCORES) {
    await setMyScores(people.get(s.by)!, { touchpointId: tp(s.touchpoint), scores: s.scores })
    scores++
  }
  for (const e of NORTHWIND_ESTIMATES) await setEstimates(people.get('demo')!, { touchpointId: tp(e.touchpoint), importance: e.importance, effort: e.effort })
  for (const c of NORTHWIND_COMMENTS) {
    await addComment(people.get(c.by)!, { subject: { type: 'touchpoint', id: tp(c.touchpoint) }, body: c.body, mentions: c.mentions.map((k) => people.get(k)!.userId) })
  }
  return { insights, scores, comments: NORTHWIND_COMMENTS.length, people }
}
