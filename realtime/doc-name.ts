/**
 * The one definition of a live document's name: `ws.<workspaceId>.<rest>`.
 * The workspace id decides which tenant's rows the document lives in; `rest`
 * is the app's own name (a map's id, for instance).
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const REST = '[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}'
const NAME = new RegExp(`^ws\\.(${UUID})\\.(${REST})$`)

export type DocName = { name: string; workspaceId: string; rest: string }

export function docName(workspaceId: string, rest: string): string {
  const name = `ws.${workspaceId.toLowerCase()}.${rest}`
  if (!NAME.test(name)) throw new Error(`Not a valid document name: ${JSON.stringify(name)}`)
  return name
}

/** The parts of a document name, or null when it is not one. */
export function parseDocName(name: string): DocName | null {
  const m = NAME.exec(name)
  return m ? { name, workspaceId: m[1]!, rest: m[2]! } : null
}

/**
 * Documents only the server writes (lib/live/signals.ts): clients may read
 * them, never change them, whatever their role.
 */
const SERVER_WRITTEN = new Set(['signals'])

export function clientMayWrite(doc: DocName): boolean {
  return !SERVER_WRITTEN.has(doc.rest)
}
