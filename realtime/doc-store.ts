/**
 * Reading and writing a document's rows: the snapshot plus the update log.
 * Everything runs inside the document's workspace (RLS).
 */
import { sql } from 'drizzle-orm'
import * as Y from 'yjs'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { encodeIntegratedState } from './pending'

const bytes = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)

/** The stored updates in order (snapshot first), unmerged: merging a large document costs more than applying it. */
export type LoadedDoc = { updates: Uint8Array[]; logRows: number }

/**
 * The stored document as one update (snapshot merged with the log). One
 * statement, so a compaction committing in between cannot make rows vanish
 * from both halves. A failed load throws: it is never an empty document.
 */
export async function loadDoc(workspaceId: string, doc: string): Promise<LoadedDoc> {
  const rows = await inWorkspace(workspaceId, null, async (tx) =>
    rowsOf<{ kind: number; data: Uint8Array }>(
      await tx.execute(sql`
        select 0 as kind, 0::bigint as id, data from realtime_snapshots where workspace_id = ${workspaceId} and doc = ${doc}
        union all
        select 1 as kind, id, data from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}
        order by kind, id`),
    ),
  )
  const updates = rows.map((r) => new Uint8Array(r.data))
  const logRows = rows.filter((r) => Number(r.kind) === 1).length
  return { updates, logRows }
}

/** A stored document as one update (tests, tools). */
export async function loadDocUpdate(workspaceId: string, doc: string): Promise<Uint8Array> {
  const { updates } = await loadDoc(workspaceId, doc)
  return updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
}

/** Appends one row per document, all in one transaction of the workspace. */
export async function appendUpdates(workspaceId: string, entries: { doc: string; update: Uint8Array }[]): Promise<void> {
  if (entries.length === 0) return
  await inWorkspace(workspaceId, null, async (tx) => {
    const values = entries.map((e) => sql`(${workspaceId}, ${e.doc}, ${bytes(e.update)})`)
    await tx.execute(sql`insert into realtime_updates (workspace_id, doc, data) values ${sql.join(values, sql`, `)}`)
  })
}

/** Advisory lock key of a document: one compaction at a time, across processes. */
function lockKey(tx: Tx, workspaceId: string, doc: string) {
  return tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${workspaceId}), hashtext(${doc})) as locked`)
}

/**
 * Folds the log into the snapshot: reads snapshot and log in one statement,
 * writes the merged (garbage-collected) state, and deletes exactly the log
 * rows it read. Returns the number of rows folded, or null when another
 * process holds the document's compaction lock.
 *
 * `fromMemory` is the loaded document's own state, usable when this process
 * is the only writer of the document (no Redis): everything in the log was
 * loaded into it or written from it, so it covers every visible row and the
 * log need not be replayed.
 */
export async function compactDoc(workspaceId: string, doc: string, fromMemory?: () => Uint8Array): Promise<number | null> {
  return inWorkspace(workspaceId, null, async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(await lockKey(tx, workspaceId, doc))
    if (!lock?.locked) return null
    if (fromMemory) {
      const ids = rowsOf<{ id: string | number }>(
        await tx.execute(sql`select id from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}`),
      ).map((r) => String(r.id))
      if (ids.length === 0) return 0
      await writeSnapshot(tx, workspaceId, doc, fromMemory(), ids)
      return ids.length
    }
    const rows = rowsOf<{ kind: number; id: string | number; data: Uint8Array }>(
      await tx.execute(sql`
        select 0 as kind, 0::bigint as id, data from realtime_snapshots where workspace_id = ${workspaceId} and doc = ${doc}
        union all
        select 1 as kind, id, data from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}
        order by kind, id`),
    )
    const ids = rows.filter((r) => Number(r.kind) === 1).map((r) => String(r.id))
    if (ids.length === 0) return 0
    const ydoc = new Y.Doc()
    for (const r of rows) Y.applyUpdate(ydoc, new Uint8Array(r.data))
    // Never into a snapshot: data that depends on what the document never received (pending.ts).
    const state = encodeIntegratedState(ydoc)
    ydoc.destroy()
    await writeSnapshot(tx, workspaceId, doc, state, ids)
    return ids.length
  })
}

/**
 * Replaces a document's snapshot with `state()` and deletes every log row,
 * under the compaction lock (waiting for it): the repair of a document whose
 * stored snapshot carries data it should not (Engine.repair).
 */
export async function rewriteSnapshot(workspaceId: string, doc: string, state: () => Uint8Array): Promise<number> {
  return inWorkspace(workspaceId, null, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${workspaceId}), hashtext(${doc}))`)
    const ids = rowsOf<{ id: string | number }>(
      await tx.execute(sql`select id from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}`),
    ).map((r) => String(r.id))
    await tx.execute(sql`
      insert into realtime_snapshots (workspace_id, doc, data, updated_at) values (${workspaceId}, ${doc}, ${bytes(state())}, now())
      on conflict (workspace_id, doc) do update set data = excluded.data, updated_at = now()`)
    if (ids.length) {
      await tx.execute(sql`
        delete from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}
          and id in (${sql.join(ids.map((id) => sql`${id}::bigint`), sql`, `)})`)
    }
    return ids.length
  })
}

async function writeSnapshot(tx: Tx, workspaceId: string, doc: string, state: Uint8Array, foldedIds: string[]) {
  await tx.execute(sql`
    insert into realtime_snapshots (workspace_id, doc, data, updated_at) values (${workspaceId}, ${doc}, ${bytes(state)}, now())
    on conflict (workspace_id, doc) do update set data = excluded.data, updated_at = now()`)
  await tx.execute(sql`
    delete from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}
      and id in (${sql.join(foldedIds.map((id) => sql`${id}::bigint`), sql`, `)})`)
}

/** Log rows of a document (tests, benchmarks). */
export async function countLogRows(workspaceId: string, doc: string): Promise<number> {
  return inWorkspace(workspaceId, null, async (tx) => {
    const [r] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from realtime_updates where workspace_id = ${workspaceId} and doc = ${doc}`))
    return r?.n ?? 0
  })
}
