/**
 * Journey weights from the read model: each touchpoint's heaviest card
 * (persona weight x stage weight, lib/evaluation/model.ts) across the
 * workspace's maps that are not archived (deleted ones have no placements). A row that stands for a library persona weighs with the
 * persona's priority and shows its name and goal (the library is the truth;
 * the row's copy in the map document only follows it).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { mapSegments, mapStages, maps, personas, placements } from '@/db/schema'
import type { Tx } from '@/lib/db'
import { effectivePriority } from '@/lib/personas/model'
import { STRATEGIC_GOALS, type StrategicGoal } from '@/lib/maps/model'
import { heaviestPlace, journeyWeightOf, type JourneyPlace } from './model'

const goalOf = (g: string | null | undefined): StrategicGoal => ((STRATEGIC_GOALS as readonly string[]).includes(g ?? '') ? (g as StrategicGoal) : 'win')

/** Per touchpoint (all, or `ids`) that stands on a map: its heaviest card. */
export async function journeyPlacesIn(tx: Tx, workspaceId: string, ids?: readonly string[]): Promise<Map<string, JourneyPlace>> {
  const rows = await tx
    .select({
      touchpointId: placements.touchpointId,
      map: maps.name,
      stage: mapStages.name,
      stageWeight: mapStages.weight,
      segment: mapSegments.name,
      goal: mapSegments.goal,
      priority: mapSegments.priority,
      personaName: personas.name,
      personaGoal: personas.goal,
      personaPriority: personas.priority,
    })
    .from(placements)
    .innerJoin(maps, eq(maps.id, placements.mapId))
    .innerJoin(mapStages, and(eq(mapStages.mapId, placements.mapId), eq(mapStages.id, placements.stageId)))
    .innerJoin(mapSegments, and(eq(mapSegments.mapId, placements.mapId), eq(mapSegments.id, placements.segmentId)))
    .leftJoin(personas, and(eq(personas.workspaceId, mapSegments.workspaceId), eq(personas.id, mapSegments.personaId)))
    .where(and(eq(placements.workspaceId, workspaceId), isNull(maps.archivedAt), ids ? inArray(placements.touchpointId, [...ids]) : undefined))
  const byTp = new Map<string, JourneyPlace[]>()
  for (const r of rows) {
    const persona = r.personaName != null
    const goal = goalOf(persona ? r.personaGoal : r.goal)
    const priority = persona ? effectivePriority({ goal, priority: r.personaPriority }) : r.priority
    const place: JourneyPlace = { weight: journeyWeightOf(priority, r.stageWeight), map: r.map, stage: r.stage, stageWeight: r.stageWeight, segment: persona ? r.personaName! : r.segment, goal, priority }
    const list = byTp.get(r.touchpointId) ?? []
    list.push(place)
    byTp.set(r.touchpointId, list)
  }
  const out = new Map<string, JourneyPlace>()
  for (const [id, list] of byTp) {
    // Equal weights: the first map by name, then stage and row names, so the reason shown is stable.
    list.sort((a, b) => a.map.localeCompare(b.map, 'en') || a.stage.localeCompare(b.stage, 'en') || a.segment.localeCompare(b.segment, 'en'))
    const best = heaviestPlace(list)
    if (best) out.set(id, best)
  }
  return out
}
