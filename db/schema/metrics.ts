import { sql } from 'drizzle-orm'
import { bigserial, check, doublePrecision, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { apiKeys } from './insights'
import { maps } from './maps'
import { workspaces } from './workspaces'

/**
 * KPIs (lib/metrics/): a workspace defines metrics, attaches them to
 * touchpoints and records measured values over time, by form, CSV and the
 * v1 API. A value belongs to one metric, one touchpoint, one period and one
 * segment ('' for all customers); sending the same period again replaces it.
 */
export const metrics = pgTable(
  'metrics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The unit every value is in ('%', 'ms', 'points', 'count', ...). */
    unit: text('unit').notNull(),
    /** 'higher' (higher is better) or 'lower'. */
    direction: text('direction').notNull(),
    /** Meeting the target is green. */
    target: doublePrecision('target').notNull(),
    /** Optional: worse than this is red; between it and the target amber (lib/metrics/model.ts statusOf). */
    alertAt: doublePrecision('alert_at'),
    /** The preset it started from (nps, csat, ...), or null. */
    preset: text('preset'),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('metrics_name_idx').on(t.workspaceId, sql`lower(${t.name})`),
    check('metrics_direction', sql`${t.direction} in ('higher', 'lower')`),
  ],
)

/** Which metrics measure which touchpoints (a touchpoint id of the catalog's read model). */
export const touchpointMetrics = pgTable(
  'touchpoint_metrics',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    metricId: uuid('metric_id').notNull().references(() => metrics.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.touchpointId, t.metricId] }), index('touchpoint_metrics_metric_idx').on(t.metricId)],
)

export const metricValues = pgTable(
  'metric_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    metricId: uuid('metric_id').notNull().references(() => metrics.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    /** '' is every customer; otherwise a customer segment's name. */
    segment: text('segment').notNull().default(''),
    value: doublePrecision('value').notNull(),
    /** Where it came from ('form', 'csv', 'api', or what the sender names). */
    source: text('source').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('metric_values_period_idx').on(t.workspaceId, t.metricId, t.touchpointId, t.segment, t.periodStart, t.periodEnd),
    check('metric_values_period', sql`${t.periodEnd} >= ${t.periodStart}`),
  ],
)

/** The KPI a map's cards show as a badge (one per map, chosen by its editors). */
export const mapKpiBadges = pgTable('map_kpi_badges', {
  mapId: uuid('map_id').primaryKey().references(() => maps.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  metricId: uuid('metric_id').notNull().references(() => metrics.id, { onDelete: 'cascade' }),
})

export type MetricRow = typeof metrics.$inferSelect
