/**
 * Who changed a touchpoint is what the server saw, not what a client claims:
 * a client writes `updatedBy` into the catalog document itself, so a patched
 * client could put someone else's id there. The read model and its history
 * (and so the activity log and owner notifications) name the socket's user.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { touchpointHistory, touchpoints } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import { addTouchpoint, catalogDocName, touchpointsOf, updateTouchpoint } from '@/lib/maps/doc-schema'
import { withDocument } from '@/lib/documents/live-documents'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import { addMember, connectClient, newWorkspace, synced, waitFor, type Client } from '../support/realtime'
import { dbKind } from '../support/test-db'

let env: LiveEnv
let workspaceId: string
let editor: string
let manager: string
let doc: string
let tpId: string
const clients: Client[] = []

beforeAll(async () => {
  env = await openLiveEnvironment()
  ;({ workspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor', 'Eddie')
  manager = await addMember(workspaceId, 'manager', 'Max')
  doc = catalogDocName(workspaceId)
  await withDocument(workspaceId, doc, (d) => {
    tpId = addTouchpoint(d, { name: 'Invoice email' }, manager)
  })
  await waitFor(async () => Boolean(await row()), 10_000, 'the touchpoint in the read model')
})
afterAll(async () => {
  for (const c of clients) c.stop()
  await env?.close()
})

const row = () => inWorkspace(workspaceId, null, async (tx) => (await tx.select().from(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, tpId))))[0])
const history = (field: string) =>
  inWorkspace(workspaceId, null, (tx) => tx.select().from(touchpointHistory).where(and(eq(touchpointHistory.touchpointId, tpId), eq(touchpointHistory.field, field))))

describe(`authorship of touchpoint changes on ${dbKind}`, () => {
  it("names the socket's user even when the client writes someone else's id in updatedBy", async () => {
    const e = connectClient(editor, workspaceId, doc, env.rt.baseUrl)
    clients.push(e)
    await synced(e)
    // A patched client: the change claims to be the manager's.
    updateTouchpoint(e.doc, tpId, { channel: 'Email' }, manager)
    expect(touchpointsOf(e.doc).get(tpId)!.get('updatedBy')).toBe(manager)
    await waitFor(async () => (await row())?.channel === 'Email', 10_000, 'the read model to show the change')
    expect((await row())!.updatedBy).toBe(editor)
    expect((await history('channel')).map((h) => h.changedBy)).toEqual([editor])
  })

  it('keeps what server code records for its own changes (the acting member)', async () => {
    await withDocument(workspaceId, doc, (d) => updateTouchpoint(d, tpId, { channel: 'Email and post' }, manager))
    await waitFor(async () => (await row())?.channel === 'Email and post', 10_000, 'the read model to show the change')
    expect((await row())!.updatedBy).toBe(manager)
    expect((await history('channel')).map((h) => h.changedBy).sort()).toEqual([editor, manager].sort())
  })
})
