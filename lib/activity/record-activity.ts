import { activityLog } from '@/db/schema'
import type { Tx } from '@/lib/db'

/** Every kind of activity-log entry; each has a label in messages/en.json (settings.activity.actions, dots as underscores). */
export const ACTIVITY_ACTIONS = [
  'auth.signed_in',
  'workspace.created',
  'workspace.renamed',
  'member.joined',
  'member.role_changed',
  'member.department_changed',
  'member.removed',
  'member.left',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'department.created',
  'department.renamed',
  'department.deleted',
  'sso.connection_created',
  'sso.connection_updated',
  'sso.connection_deleted',
  'sso.domain_added',
  'sso.domain_verified',
  'sso.domain_attested',
  'sso.domain_taken',
  'sso.domain_lapsed',
  'sso.domain_removed',
  'sso.enforcement_on',
  'sso.enforcement_off',
  'sso.break_glass_set',
  'scim.token_created',
  'scim.token_revoked',
  'scim.user_provisioned',
  'scim.user_deprovisioned',
  'scim.group_mapped',
  'map.repaired',
  'insight.assigned',
  'insight.status_changed',
  'insight.merged',
  'touchpoint.owner_assigned',
  'touchpoint.scored',
  'touchpoint.estimated',
  'scoring.weights_changed',
  'apikey.created',
  'apikey.revoked',
  'audit.scheduled',
  'audit.schedule_removed',
  'audit.opened',
  'audit.task_signed_off',
  'audit.task_approved',
  'audit.task_returned',
  'audit.closed',
  'map.version_saved',
  'map.version_restored',
  'persona.created',
  'persona.updated',
  'persona.deleted',
] as const
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number]

/** Appends one entry to the workspace's activity log, inside the caller's transaction. */
export async function recordActivity(
  tx: Tx,
  entry: { workspaceId: string; actorId: string | null; action: ActivityAction; subject?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(activityLog).values({
    workspaceId: entry.workspaceId,
    actorId: entry.actorId,
    action: entry.action,
    subject: entry.subject ?? null,
    data: entry.data ?? {},
  })
}
