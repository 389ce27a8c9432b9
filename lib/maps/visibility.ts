import { isNull } from 'drizzle-orm'
import { maps } from '@/db/schema'

/**
 * The one rule for which maps exist for everyday reading: not deleted.
 * A deleted map (lib/maps/map-life.ts) keeps its row for 30 days, but its read
 * model (stages, segments, placements) is taken out at deletion, so queries
 * through placements never see it; queries on `maps` itself add this.
 */
export const mapNotDeleted = () => isNull(maps.deletedAt)
