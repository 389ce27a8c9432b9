/**
 * Who owns a touchpoint is decided by managers and up ('touchpoints.assign'),
 * while editors write the same catalog document through their sockets. This
 * guard reads an incoming update of a catalog document WITHOUT applying it
 * (Y.decodeUpdate) and says whether it changes an owner field
 * (lib/maps/model.ts ownerUserId / ownerDepartmentId) of a touchpoint:
 *
 * - an item whose map key (parentSub) is an owner field under a touchpoint's
 *   map: allowed only when it creates the touchpoint with no owner (what
 *   addTouchpoint in lib/maps/doc-schema.ts writes: null values under a map
 *   created in the same update, for an id with no owner today);
 * - a new touchpoint map replacing one that has an owner (it would drop it);
 * - a deletion of an owner field's item while its touchpoint stays.
 *
 * A map item that overwrites a key carries its predecessor as `origin` and no
 * parentSub in the encoding; its key and parent are then taken from the
 * predecessor (in the same update or in the server's document). Anything that
 * cannot be resolved counts as an owner change: fail closed.
 */
import * as Y from 'yjs'
import { parseDocName } from './doc-name'

export const OWNER_FIELDS: ReadonlySet<string> = new Set(['ownerUserId', 'ownerDepartmentId'])
const ROOT = 'touchpoints'

/** Where an item hangs: a root type of the document by name, or the item of a nested type. */
type Parent = { root: string } | { item: Y.ID } | null

type Found = { kind: 'update'; item: Y.Item } | { kind: 'store'; item: Y.Item } | null

/** Catalog documents only (`ws.<id>.catalog`). */
export const isCatalogDoc = (name: string) => parseDocName(name)?.rest === 'catalog'

function stateOf(doc: Y.Doc, client: number): number {
  const structs = doc.store.clients.get(client)
  if (!structs || structs.length === 0) return 0
  const last = structs[structs.length - 1]!
  return last.id.clock + last.length
}

class Resolver {
  private readonly byClient = new Map<number, Y.Item[]>()

  constructor(
    readonly doc: Y.Doc,
    items: Y.Item[],
  ) {
    for (const it of items) {
      const list = this.byClient.get(it.id.client) ?? []
      list.push(it)
      this.byClient.set(it.id.client, list)
    }
  }

  find(id: Y.ID): Found {
    const list = this.byClient.get(id.client)
    if (list) for (const it of list) if (it.id.clock <= id.clock && id.clock < it.id.clock + it.length) return { kind: 'update', item: it }
    if (id.clock >= stateOf(this.doc, id.client)) return null
    try {
      const s = Y.getItem(this.doc.store, id)
      return s instanceof Y.Item ? { kind: 'store', item: s } : null
    } catch {
      return null
    }
  }

  /** The map key an item sets, or null when it is not a map entry (or cannot be told). */
  keyOf(it: Y.Item, depth = 0): string | null {
    if (it.parentSub !== null) return it.parentSub
    if (depth > 64) return null
    for (const ref of [it.origin, it.rightOrigin]) {
      if (!ref) continue
      const f = this.find(ref)
      if (f) return this.keyOf(f.item, depth + 1)
    }
    return null
  }

  parentOf(it: Y.Item, depth = 0): Parent {
    const p = it.parent as unknown
    if (typeof p === 'string') return { root: p }
    if (p && typeof p === 'object' && 'client' in p && 'clock' in p) return { item: p as Y.ID }
    if (p instanceof Y.AbstractType) {
      const owner = p._item
      if (owner) return { item: owner.id }
      for (const [name, type] of this.doc.share) if (type === p) return { root: name }
      return null
    }
    if (depth > 64) return null
    for (const ref of [it.origin, it.rightOrigin]) {
      if (!ref) continue
      const f = this.find(ref)
      if (f) return this.parentOf(f.item, depth + 1)
    }
    return null
  }

  /** The touchpoint an item (a touchpoint's map) stands for, when it is one: its id and whether it arrived in this update. */
  touchpointOf(parent: Parent): { id: string; item: Y.Item; isNew: boolean } | 'unknown' | null {
    if (!parent) return 'unknown'
    if ('root' in parent) return null
    const f = this.find(parent.item)
    if (!f) return 'unknown'
    const grand = this.parentOf(f.item)
    if (!grand) return 'unknown'
    if (!('root' in grand) || grand.root !== ROOT) return null
    const id = this.keyOf(f.item)
    if (id === null) return 'unknown'
    return { id, item: f.item, isNew: f.kind === 'update' }
  }
}

/** The owner values a touchpoint has in the server's document now (null when absent). */
function currentOwner(doc: Y.Doc, touchpointId: string): Record<string, unknown> | null {
  const y = doc.getMap<Y.Map<unknown>>(ROOT).get(touchpointId)
  if (!(y instanceof Y.Map)) return null
  return { ownerUserId: y.get('ownerUserId') ?? null, ownerDepartmentId: y.get('ownerDepartmentId') ?? null }
}
const hasOwner = (o: Record<string, unknown> | null) => !!o && (o.ownerUserId !== null || o.ownerDepartmentId !== null)

type DeleteRanges = { clients: Map<number, { clock: number; len: number }[]> }

function isDeletedIn(ds: DeleteRanges, id: Y.ID): boolean {
  const ranges = ds.clients.get(id.client)
  return !!ranges?.some((r) => r.clock <= id.clock && id.clock < r.clock + r.len)
}

/**
 * True when applying `update` to `doc` (a catalog document) would change the
 * owner of a touchpoint that exists, or create one with an owner. Never applies anything.
 */
export function changesOwner(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  // Only what the server does not have yet is a change.
  const items = structs.filter((s): s is Y.Item => s instanceof Y.Item && s.id.clock + s.length > stateOf(doc, s.id.client))
  const r = new Resolver(doc, items)
  for (const it of items) {
    const parent = r.parentOf(it)
    if (!parent) return true
    // A touchpoint map set in the catalog's root: it must not replace a touchpoint that has an owner.
    if ('root' in parent) {
      if (parent.root !== ROOT) continue
      const id = r.keyOf(it)
      if (id === null) return true
      if (hasOwner(currentOwner(doc, id))) return true
      continue
    }
    const key = r.keyOf(it)
    const tp = r.touchpointOf(parent)
    if (tp === null) continue
    if (tp === 'unknown' || key === null) return true
    if (!OWNER_FIELDS.has(key)) continue
    // An owner field: only the empty value, in a touchpoint created by this very update, over no owner.
    if (!tp.isNew) return true
    const content = it.content
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1 || content.arr[0] !== null) return true
    const now = currentOwner(doc, tp.id)
    if (now && now[key] !== null) return true
  }
  // Deleting an owner field's value (clearing it) while the touchpoint stays.
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client)
    if (!structs) continue
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; ) {
        if (clock >= stateOf(doc, client)) break
        let s: Y.Item | Y.GC
        try {
          s = structs[Y.findIndexSS(structs, clock)]!
        } catch {
          break
        }
        clock = s.id.clock + s.length
        if (!(s instanceof Y.Item) || s.deleted || s.parentSub === null || !OWNER_FIELDS.has(s.parentSub)) continue
        const tpItem = (s.parent as Y.AbstractType<unknown>)._item
        if (!tpItem || tpItem.deleted || tpItem.parent !== doc.share.get(ROOT)) continue
        if (!isDeletedIn(ds, tpItem.id)) return true
      }
    }
  }
  return false
}
