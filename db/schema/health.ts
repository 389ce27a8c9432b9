import { date, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from './workspaces'

/** Each touchpoint's health (lib/evaluation/model.ts healthOf), recorded once a day by a job: its trend over time. */
export const touchpointHealthDaily = pgTable(
  'touchpoint_health_daily',
  {
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    touchpointId: text('touchpoint_id').notNull(),
    day: date('day').notNull(),
    health: real('health').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.touchpointId, t.day] })],
)
