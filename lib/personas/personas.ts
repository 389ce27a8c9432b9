/**
 * The persona library: list, create, change, delete, and where each persona
 * is used. Reading takes membership ('maps.read'); writing takes
 * 'personas.manage' (managers and up). Editors use a persona on a map by
 * setting `personaId` on a row of the map document (lib/maps/doc-schema.ts);
 * the read model (map_segments.persona_id) then says where it is used.
 *
 * A change raises the 'personas' signal: open maps redraw their rows and the
 * analysis page re-ranks (the persona's priority weighs in the journey
 * weight, lib/evaluation/model.ts).
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import { maps, mapSegments, personas } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { ConflictError, NotFoundError, pgCode } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { applyPersona, mapDocName, personaIdOf, readSegment, segmentsOf } from '@/lib/maps/doc-schema'
import type { StrategicGoal } from '@/lib/maps/model'
import { effectivePriority, GOAL_PRIORITY, initialsOf, PERSONA_COLOURS, type Persona, type PersonaColour, type PersonaFields, type PersonaUse } from './model'

type Row = typeof personas.$inferSelect

export function personaOf(r: Row): Persona {
  const goal = r.goal as StrategicGoal
  return {
    id: r.id,
    name: r.name,
    initials: r.initials,
    colour: (PERSONA_COLOURS as readonly string[]).includes(r.colour) ? (r.colour as PersonaColour) : 'indigo',
    profile: r.profile,
    needs: r.needs,
    goals: r.goals,
    frustrations: r.frustrations,
    fields: r.fields ?? [],
    goal,
    priority: r.priority,
    effectivePriority: effectivePriority({ goal, priority: r.priority }),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** Where each persona (of `ids`, or all) is used: one entry per map row, maps by name. */
export async function usesIn(tx: Tx, workspaceId: string, ids?: readonly string[]): Promise<Map<string, PersonaUse[]>> {
  const rows = await tx
    .select({ personaId: mapSegments.personaId, mapId: maps.id, mapName: maps.name, segmentId: mapSegments.id })
    .from(mapSegments)
    .innerJoin(maps, eq(maps.id, mapSegments.mapId))
    .where(and(eq(mapSegments.workspaceId, workspaceId), ids ? inArray(mapSegments.personaId, [...ids]) : isNotNull(mapSegments.personaId)))
    .orderBy(asc(maps.name), asc(mapSegments.position))
  const out = new Map<string, PersonaUse[]>()
  for (const r of rows) {
    const list = out.get(r.personaId!) ?? []
    list.push({ mapId: r.mapId, mapName: r.mapName, segmentId: r.segmentId })
    out.set(r.personaId!, list)
  }
  return out
}

export type PersonaWithUses = Persona & { uses: PersonaUse[] }

export async function listPersonas(ctx: MemberContext): Promise<PersonaWithUses[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx.select().from(personas).where(eq(personas.workspaceId, ctx.workspaceId)).orderBy(asc(personas.name), asc(personas.id))
    const uses = await usesIn(tx, ctx.workspaceId)
    return rows.map((r) => ({ ...personaOf(r), uses: uses.get(r.id) ?? [] }))
  })
}

async function rowIn(tx: Tx, workspaceId: string, id: string): Promise<Row> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Persona not found')
  const [r] = await tx.select().from(personas).where(and(eq(personas.workspaceId, workspaceId), eq(personas.id, id)))
  if (!r) throw new NotFoundError('Persona not found')
  return r
}

export async function getPersona(ctx: MemberContext, id: string): Promise<PersonaWithUses> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const r = await rowIn(tx, ctx.workspaceId, id)
    return { ...personaOf(r), uses: (await usesIn(tx, ctx.workspaceId, [id])).get(id) ?? [] }
  })
}

const taken = (name: string) => new ConflictError(`There is already a persona called “${name}”`, 'name')

const valuesOf = (f: PersonaFields) => ({ ...f, initials: f.initials || initialsOf(f.name) })

/** Adds a persona to the library (fields validated by personaFieldsSchema). */
export async function createPersona(ctx: MemberContext, fields: PersonaFields): Promise<Persona> {
  assertCan(ctx, 'personas.manage')
  try {
    const row = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => insertIn(tx, ctx, fields))
    signal(ctx.workspaceId, 'personas')
    return personaOf(row)
  } catch (err) {
    if (pgCode(err) === '23505') throw taken(fields.name)
    throw err
  }
}

async function insertIn(tx: Tx, ctx: MemberContext, fields: PersonaFields): Promise<Row> {
  const [row] = await tx
    .insert(personas)
    .values({ workspaceId: ctx.workspaceId, ...valuesOf(fields), createdBy: ctx.userId, updatedBy: ctx.userId })
    .returning()
  await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'persona.created', subject: fields.name, data: { personaId: row!.id, goal: fields.goal } })
  return row!
}

/** Replaces a persona's fields; every map row that uses it shows the change (the 'personas' signal). */
export async function updatePersona(ctx: MemberContext, id: string, fields: PersonaFields): Promise<Persona> {
  assertCan(ctx, 'personas.manage')
  try {
    const row = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const before = await rowIn(tx, ctx.workspaceId, id)
      const [row] = await tx
        .update(personas)
        .set({ ...valuesOf(fields), updatedBy: ctx.userId, updatedAt: new Date() })
        .where(and(eq(personas.workspaceId, ctx.workspaceId), eq(personas.id, id)))
        .returning()
      const changed = (['name', 'goal', 'priority'] as const).filter((k) => before[k] !== row![k])
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.userId,
        action: 'persona.updated',
        subject: row!.name,
        data: { personaId: id, ...Object.fromEntries(changed.map((k) => [k, { from: before[k], to: row![k] }])) },
      })
      return { row: row!, mapIds: [...new Set(((await usesIn(tx, ctx.workspaceId, [id])).get(id) ?? []).map((u) => u.mapId))] }
    })
    const persona = personaOf(row.row)
    for (const mapId of row.mapIds) await copyIntoRows(ctx.workspaceId, mapId, persona)
    signal(ctx.workspaceId, 'personas')
    return persona
  } catch (err) {
    if (pgCode(err) === '23505') throw taken(fields.name)
    throw err
  }
}

/** Deletes a persona that no map uses; one in use is refused with the maps it is on. */
export async function deletePersona(ctx: MemberContext, id: string): Promise<void> {
  assertCan(ctx, 'personas.manage')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const r = await rowIn(tx, ctx.workspaceId, id)
    const uses = (await usesIn(tx, ctx.workspaceId, [id])).get(id) ?? []
    if (uses.length) {
      const names = [...new Set(uses.map((u) => u.mapName))]
      throw new ConflictError(`“${r.name}” is used on ${names.length === 1 ? 'the map' : `${names.length} maps:`} ${names.map((n) => `“${n}”`).join(', ')}. Take it off ${names.length === 1 ? 'that map' : 'those maps'} first.`)
    }
    await tx.delete(personas).where(and(eq(personas.workspaceId, ctx.workspaceId), eq(personas.id, id)))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'persona.deleted', subject: r.name, data: { personaId: id } })
  })
  signal(ctx.workspaceId, 'personas')
}

/**
 * Promotes a map-only segment (row) to the library: a persona with its name,
 * profile, goal and (when it differs from the goal's default) priority, which
 * the row then stands for. A name the library already has is refused: link
 * the row to that persona instead.
 */
export async function promoteSegment(ctx: MemberContext, mapId: string, segmentId: string): Promise<Persona> {
  assertCan(ctx, 'personas.manage')
  assertCan(ctx, 'maps.edit')
  const doc = mapDocName(ctx.workspaceId, mapId)
  const exists = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => tx.select({ id: maps.id }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId))))
  if (!exists.length) throw new NotFoundError('Map not found')
  const segment = await withDocument(ctx.workspaceId, doc, (d) => {
    const y = segmentsOf(d).get(segmentId)
    return y ? readSegment(segmentId, y) : null
  })
  if (!segment) throw new NotFoundError('That row is no longer on the map')
  if (segment.personaId) throw new ConflictError('That row already stands for a persona of the library')
  const fields: PersonaFields = {
    name: segment.name.trim().slice(0, 60) || 'Untitled persona',
    initials: '',
    colour: 'indigo',
    profile: segment.profile.slice(0, 1000),
    needs: '',
    goals: '',
    frustrations: '',
    fields: [],
    goal: segment.goal,
    priority: segment.priority === GOAL_PRIORITY[segment.goal] ? null : segment.priority,
  }
  const persona = await createPersona(ctx, fields)
  await withDocument(ctx.workspaceId, doc, (d) => applyPersona(d, segmentId, persona))
  return persona
}

/** Copies a persona into every row of one map that stands for it (the document is what open editors and exports show). */
async function copyIntoRows(workspaceId: string, mapId: string, persona: Persona): Promise<void> {
  await withDocument(workspaceId, mapDocName(workspaceId, mapId), (d) => {
    d.transact(() => {
      segmentsOf(d).forEach((y, segmentId) => {
        if (personaIdOf(y.get('personaId')) === persona.id) applyPersona(d, segmentId, persona)
      })
    })
  })
}
