/**
 * Every job the queue runs (lib/jobs/queue.ts), in one place. Handlers are
 * idempotent against their own tables, so a retry or a second process never
 * does the work twice.
 */
import { OPEN_DUE_JOB, openDueCampaigns, remindOverdue, REMIND_JOB } from '@/lib/audits/campaigns'
import { AUTO_VERSION_JOB, saveAutoVersion } from '@/lib/versions/versions'
import { PURGE_JOB, purgeDeletedMaps } from '@/lib/maps/map-life'
import { config } from '@/lib/config'
import { deliverOne, sweepUnqueued } from '@/lib/webhooks/deliver'
import { DELIVER_JOB, SWEEP_JOB } from '@/lib/webhooks/emit'
import { HEALTH_JOB, recordAllHealth } from '@/lib/evaluation/health-history'
import { IMPORT_JOB, RESUME_JOB, resumeUnfinished, runImport } from '@/lib/interactions/imports'
import type { JobDefinition } from './queue'

export const JOBS: readonly JobDefinition[] = [
  // Scheduled audits open within a minute of their slot (and at start, after a restart).
  { name: OPEN_DUE_JOB, cron: '* * * * *', onStart: true, handler: async () => void (await openDueCampaigns()) },
  // Overdue reviews get one reminder each, in the app and by email.
  { name: REMIND_JOB, cron: '*/5 * * * *', onStart: true, handler: async () => void (await remindOverdue()) },
  // A map being edited gets an automatic version at most once an hour (queued by the projector, one per map and hour).
  // Maps deleted 30 days ago go for good (hourly, and at start after a restart).
  { name: PURGE_JOB, cron: '17 * * * *', onStart: true, handler: async () => void (await purgeDeletedMaps()) },
  { name: AUTO_VERSION_JOB, handler: async (d) => void (await saveAutoVersion(String(d.workspaceId), String(d.mapId))) },
  // Webhook deliveries: many at a time, each retried on its own with doubling delays for about a day (lib/webhooks/deliver.ts).
  {
    name: DELIVER_JOB,
    handler: async (d) => void (await deliverOne(String(d.workspaceId), String(d.deliveryId))),
    get retryLimit() {
      return config().webhookRetryLimit
    },
    get retryDelay() {
      return config().webhookRetryDelaySeconds
    },
    retryBackoff: true,
    expireInSeconds: 60,
    // No faster polling than the other queues (on the embedded PGlite every poll takes the one session): deliveries
    // queued in this process start at once (the runner wakes its worker), and a full batch fetches the next at once.
    batchSize: 50,
  },
  // Interaction imports run in the background, chunk by chunk; at start, those a stop interrupted go on.
  { name: IMPORT_JOB, handler: async (d) => void (await runImport(String(d.workspaceId), String(d.importId))), expireInSeconds: 30 * 60, retryDelay: 5 },
  { name: RESUME_JOB, onStart: true, handler: async () => void (await resumeUnfinished()) },
  // Every touchpoint's health, once a day (and at start), for its trend per stage.
  { name: HEALTH_JOB, cron: '30 2 * * *', onStart: true, handler: async () => void (await recordAllHealth()) },
  // Deliveries stored but never queued (a stop between commit and queue) are queued a minute later.
  { name: SWEEP_JOB, cron: '* * * * *', onStart: true, handler: async () => void (await sweepUnqueued()) },
]
