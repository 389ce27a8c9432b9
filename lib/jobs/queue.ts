/**
 * The durable job queue: pg-boss on the app's own database. Jobs are rows
 * (schema `pgboss`, lib/jobs/schema.ts), so they survive restarts, and every
 * process fetches with SKIP LOCKED, so each job runs once however many
 * processes work the queue. Scheduled work is pg-boss cron (one send per
 * minute slot across processes); each handler is also idempotent against
 * its own tables, which is what makes "once" hold under retries.
 *
 * PostgreSQL: pg-boss keeps its own small pool (as the database owner; the
 * app role has no rights on its tables). PGlite: its statements go through
 * the one embedded session, each in a transaction as the owner
 * (DbHandle.jobs, lib/db/client.ts).
 *
 * The runner lives on globalThis so the Next bundle's code can `enqueue`.
 */
import PgBoss from 'pg-boss'
import type { JobConnection } from '@/lib/db/client'
import { log } from '@/lib/log'
import { JOB_SCHEMA } from './schema'

export type JobDefinition = {
  name: string
  /** Cron (UTC), for work that runs on a schedule. */
  cron?: string
  /** Also send one when the process starts (catch up after a restart). */
  onStart?: boolean
  handler: (data: Record<string, unknown>) => Promise<void>
  retryLimit?: number
  retryDelay?: number
  retryBackoff?: boolean
  expireInSeconds?: number
  /**
   * Jobs fetched at a time. Above 1 the batch's jobs run side by side and
   * each succeeds or fails (and is retried) on its own; for many small jobs
   * that wait on the network (webhook deliveries).
   */
  batchSize?: number
  /** Polling interval for this queue (seconds, at least 0.5), when it must be quicker than the process's. */
  pollingIntervalSeconds?: number
}

export type JobRunner = {
  send: (name: string, data?: Record<string, unknown>, opts?: PgBoss.SendOptions) => Promise<string | null>
  /** Many jobs of one queue in one statement. */
  sendMany: (name: string, items: { data: Record<string, unknown>; startAfter?: Date }[]) => Promise<void>
  stop: () => Promise<void>
  boss: PgBoss
}

const g = globalThis as unknown as { __touchmapJobs?: JobRunner }

export type JobOptions = {
  /** How often idle workers look for new jobs (pg-boss polls; seconds, at least 0.5). */
  pollingIntervalSeconds?: number
  /** Work the queues here (default true); false only sends (a process that must not run jobs). */
  work?: boolean
}

/** Starts pg-boss on `conn`, creates the queues, schedules and workers of `defs`, and makes it the process's runner. */
export async function startJobs(conn: JobConnection, defs: readonly JobDefinition[], opts: JobOptions = {}): Promise<JobRunner> {
  const boss = new PgBoss({
    ...('connectionString' in conn ? { connectionString: conn.connectionString, max: 4, application_name: 'touchmap-jobs' } : { db: conn.db as PgBoss.Db }),
    schema: JOB_SCHEMA,
    migrate: false,
    supervise: true,
    schedule: true,
  })
  boss.on('error', (err) => log.error('jobs: queue error', { err: String(err) }))
  await boss.start()
  const polling = Math.max(0.5, opts.pollingIntervalSeconds ?? 2)
  const workers = new Map<string, string>()
  // A job sent from this process starts now rather than at the worker's next poll (unless it waits on purpose).
  const wake = (name: string) => {
    const id = workers.get(name)
    if (id) boss.notifyWorker(id)
  }
  for (const d of defs) {
    const queueOptions = {
      name: d.name,
      retryLimit: d.retryLimit ?? 3,
      retryDelay: d.retryDelay ?? 30,
      retryBackoff: d.retryBackoff ?? true,
      expireInSeconds: d.expireInSeconds ?? 15 * 60,
    }
    await boss.createQueue(d.name, queueOptions)
    // createQueue leaves an existing queue as it was: bring its retry settings up to this start's (configurable ones may have changed).
    await boss.updateQueue(d.name, queueOptions)
    if (opts.work !== false && (d.batchSize ?? 1) > 1) {
      const workerId = await boss.work(d.name, { pollingIntervalSeconds: Math.max(0.5, d.pollingIntervalSeconds ?? polling), batchSize: d.batchSize }, async (jobs) => {
        const results = await Promise.allSettled(jobs.map((job) => d.handler((job.data ?? {}) as Record<string, unknown>)))
        const failed = jobs.filter((_, i) => results[i]!.status === 'rejected')
        for (const [i, r] of results.entries()) {
          if (r.status === 'rejected') log.warn('jobs: a job failed (it will be retried)', { job: d.name, id: jobs[i]!.id, err: String(r.reason) })
        }
        // Only these go to retry; pg-boss completes the rest when this returns (completing skips jobs no longer active).
        if (failed.length) await boss.fail(d.name, failed.map((j) => j.id))
        // A full batch means more are waiting: fetch again at once instead of after the polling interval.
        if (jobs.length >= (d.batchSize ?? 1)) wake(d.name)
      })
      workers.set(d.name, workerId)
    } else if (opts.work !== false) {
      const workerId = await boss.work(d.name, { pollingIntervalSeconds: Math.max(0.5, d.pollingIntervalSeconds ?? polling) }, async (jobs) => {
        for (const job of jobs) {
          try {
            await d.handler((job.data ?? {}) as Record<string, unknown>)
          } catch (err) {
            log.error('jobs: a job failed (it will be retried)', { job: d.name, id: job.id, err: String(err) })
            throw err
          }
        }
      })
      workers.set(d.name, workerId)
    }
    if (d.cron) await boss.schedule(d.name, d.cron, {}, { tz: 'UTC' })
    else await boss.unschedule(d.name)
    if (d.onStart) await boss.send(d.name, {}, { singletonKey: `${d.name}:start`, singletonSeconds: 10 })
  }
  const runner: JobRunner = {
    boss,
    send: async (name, data = {}, sendOpts = {}) => {
      const id = await boss.send(name, data, sendOpts)
      wake(name)
      return id
    },
    sendMany: async (name, items) => {
      if (!items.length) return
      await boss.insert(items.map((i) => ({ name, data: i.data, ...(i.startAfter ? { startAfter: i.startAfter } : {}) })))
      wake(name)
    },
    stop: async () => {
      if (g.__touchmapJobs === runner) g.__touchmapJobs = undefined
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((err) => log.warn('jobs: stop', { err: String(err) }))
    },
  }
  g.__touchmapJobs = runner
  return runner
}

/** The process's runner, if it runs one. */
export const jobRunner = (): JobRunner | undefined => g.__touchmapJobs

/** Queues a job (durably) if this process runs the queue; returns its id, or null when none was queued. */
export async function enqueue(name: string, data: Record<string, unknown> = {}, opts: PgBoss.SendOptions = {}): Promise<string | null> {
  const r = g.__touchmapJobs
  if (!r) return null
  return r.send(name, data, opts)
}

/** Queues many jobs of one queue at once (one statement); false when this process runs no queue. */
export async function enqueueMany(name: string, items: { data: Record<string, unknown>; startAfter?: Date }[]): Promise<boolean> {
  const r = g.__touchmapJobs
  if (!r) return false
  await r.sendMany(name, items)
  return true
}
