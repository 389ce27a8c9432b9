/**
 * Who changed a touchpoint, as the server saw it. A client writes `updatedBy`
 * into the catalog document itself, so that value is only a claim (and undo
 * restores earlier ones); the projection (lib/maps/projection.ts) attributes a
 * touchpoint's changes to the signed-in person whose socket last changed it,
 * and falls back to `updatedBy` for changes server code made (withDocument,
 * which writes the acting member) or that came from another process.
 */
import type * as Y from 'yjs'

const TOUCHPOINTS = 'touchpoints'
const authors = new WeakMap<Y.Doc, Map<string, string>>()

/** Starts recording, for a catalog document, the user behind each socket change of each touchpoint. `userOf` names the person behind a transaction's origin (null: not a socket). */
export function trackAuthors(doc: Y.Doc, userOf: (origin: unknown) => string | null): void {
  const seen = new Map<string, string>()
  authors.set(doc, seen)
  doc.getMap(TOUCHPOINTS).observeDeep((events, tr) => {
    const user = userOf(tr.origin)
    for (const e of events) {
      // A touchpoint added, replaced or removed (the root map), or a field of one (path[0] is its id).
      const ids = e.path.length === 0 ? [...e.keys.keys()] : [String(e.path[0])]
      // A change not made through a socket (server code, another process) is attributed by the document again.
      for (const id of ids) if (user) seen.set(id, user)
      else seen.delete(id)
    }
  })
}

/** The person whose socket last changed the touchpoint in this process, if any. */
export function authorOf(doc: Y.Doc, touchpointId: string): string | undefined {
  return authors.get(doc)?.get(touchpointId)
}
