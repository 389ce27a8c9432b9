/**
 * Identifying touchpoints from interaction data, on the real database: a CSV
 * export of 50,000 rows (three chunks) mapped to touchpoints by rules (exact,
 * contains, RE2 regular expression) and by name, unmatched types listed with
 * their volumes, bad rows counted with their line, and an import stopped
 * after its first chunk that goes on without counting anything twice, also
 * with two workers at once. JSON lines and the remembered column mapping.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { getImport, previewImport, runImport, startImport } from '@/lib/interactions/imports'
import { addRule, touchpointFromType, unmatchedTypes, volumesByTouchpoint } from '@/lib/interactions/rules'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { addRuleAction } from '@/app/w/[slug]/touchpoints/interactions/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
let env: LiveEnv
let team: Team

beforeAll(async () => {
  env = await openLiveEnvironment()
  team = await teamWorkspace('Data Co')
  const doc = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
    addTouchpoint(d, { name: 'Hotline' }, team.owner.id, 'tp-hotline')
    addTouchpoint(d, { name: 'Live chat' }, team.owner.id, 'tp-chat')
    addTouchpoint(d, { name: 'Invoice email' }, team.owner.id, 'tp-invoice')
    return d
  })
  await projectCatalog(team.ws.id, doc)
})
afterAll(async () => {
  await env?.close()
})

/** 50,000 rows: 20,000 "Hotline" calls, 15,000 chats, 10,000 billing questions, 4,990 delivery complaints (unmatched) and 10 bad dates. */
function exportCsv(): string {
  const lines = ['Created At,Medium,Category,Tier,Result']
  for (let i = 0; i < 50_000; i++) {
    const day = `2026-10-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`
    if (i < 20_000) lines.push(`${day},phone,Hotline,gold,solved`)
    else if (i < 35_000) lines.push(`${day},web chat,"Question, general",,solved`)
    else if (i < 45_000) lines.push(`${day},email,Billing Question,silver,open`)
    else if (i < 49_990) lines.push(`${day},phone,Delivery complaint,,open`)
    else lines.push(`yesterday,phone,Hotline,,`)
  }
  return lines.join('\r\n') + '\r\n'
}

const volume = async (touchpointId: string) =>
  Number(rowsOf<{ n: number }>(await inWorkspace(team.ws.id, null, (tx) => tx.execute(sql`select coalesce(sum(count), 0)::int as n from interaction_volumes where workspace_id = ${team.ws.id} and touchpoint_id = ${touchpointId}`)))[0]!.n)

describe('interaction import', () => {
  it('previews the columns with a guessed mapping; rules refuse a regular expression RE2 cannot run', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const p = await previewImport(editor, 'Zendesk', 'csv', exportCsv().slice(0, 2_000))
    expect(p.columns).toEqual(['Created At', 'Medium', 'Category', 'Tier', 'Result'])
    expect(p.mapping).toEqual({ timestamp: 'Created At', channel: 'Medium', type: 'Category', segment: 'Tier', outcome: 'Result' })
    expect(p.remembered).toBe(false)
    expect(p.rows[0]).toEqual({ 'Created At': '2026-10-01T10:00:00Z', Medium: 'phone', Category: 'Hotline', Tier: 'gold', Result: 'solved' })
    who.session = sessionOf(team.editor)
    const bad = await addRuleAction({ workspaceId: team.ws.id, field: 'type', kind: 'regex', pattern: '(a)\\1', touchpointId: 'tp-chat' })
    expect(bad).toMatchObject({ ok: false, fieldErrors: { pattern: [expect.stringMatching(/^This regular expression cannot be used: .*\(RE2 syntax: no backreferences or lookaround\)$/)] } })
    expect(await addRuleAction({ workspaceId: team.ws.id, field: 'type', kind: 'exact', pattern: 'x', touchpointId: 'nope' })).toMatchObject({ ok: false, fieldErrors: { touchpointId: ['There is no such touchpoint in this workspace'] } })
  })

  it('maps 50,000 rows by rules and names, lists what is unmatched, and resumes after a stop without counting twice', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    await addRule(editor, { field: 'channel', kind: 'contains', pattern: 'chat', touchpointId: 'tp-chat' })
    // A pathological pattern for a backtracking engine: RE2 runs it in linear time.
    await addRule(editor, { field: 'type', kind: 'regex', pattern: '^(billing|invoice)( \\w+)*( \\w+)*$', touchpointId: 'tp-invoice' })
    const { id, rows } = await startImport(editor, { source: 'Zendesk', format: 'csv', fileName: 'tickets.csv', mapping: { timestamp: 'Created At', channel: 'Medium', type: 'Category' }, text: exportCsv() })
    expect(rows).toBe(50_000)
    // The process stops after the first chunk…
    await runImport(team.ws.id, id, { maxChunks: 1 })
    expect(await getImport(editor, id)).toMatchObject({ status: 'running', doneRows: 20_000 })
    // …and after the restart two workers take the rest at once.
    await Promise.all([runImport(team.ws.id, id), runImport(team.ws.id, id)])
    const done = await getImport(editor, id)
    expect(done).toMatchObject({ status: 'done', totalRows: 50_000, doneRows: 50_000, matched: 45_000, unmatched: 4_990, bad: 10 })
    expect(done.problems[0]).toEqual({ line: 49_992, reason: '“yesterday” is not a date or time' })
    expect([await volume('tp-hotline'), await volume('tp-chat'), await volume('tp-invoice')]).toEqual([20_000, 15_000, 10_000])
    // Running it again changes nothing.
    await runImport(team.ws.id, id)
    expect(await volume('tp-hotline')).toBe(20_000)
    expect((await volumesByTouchpoint(editor)).map((v) => [v.name, v.total])).toEqual([
      ['Hotline', 20_000],
      ['Live chat', 15_000],
      ['Invoice email', 10_000],
    ])
    const unmatched = await unmatchedTypes(editor)
    expect(unmatched).toEqual([{ type: 'Delivery complaint', channel: 'phone', count: 4_990, kind: 'human' }])
    // One click: a touchpoint for it, with a rule; it is no longer unmatched.
    const { touchpointId } = await touchpointFromType(editor, { type: 'Delivery complaint', channel: 'phone' })
    expect(rowsOf<{ name: string; kind: string; channel: string }>(await inWorkspace(team.ws.id, null, (tx) => tx.execute(sql`select name, kind, channel from touchpoints where id = ${touchpointId}`)))).toEqual([
      { name: 'Delivery complaint', kind: 'human', channel: 'phone' },
    ])
    expect(await unmatchedTypes(editor)).toEqual([])
  })

  it('remembers the mapping per source, reads JSON lines, and is walled off from other workspaces', async () => {
    const editor = await ctxOf(team.editor.id, team.ws.id)
    const again = await previewImport(editor, 'zendesk', 'csv', exportCsv().slice(0, 2_000))
    expect(again).toMatchObject({ remembered: true, mapping: { timestamp: 'Created At', channel: 'Medium', type: 'Category' } })
    const jsonl = ['{"at":"2026-11-02T09:00:00Z","via":"phone","what":"Hotline"}', '{"at":"2026-11-02T09:05:00Z","via":"phone","what":"Hotline"}', 'not json'].join('\n')
    const { id } = await startImport(editor, { source: 'Salesforce', format: 'jsonl', fileName: 'calls.jsonl', mapping: { timestamp: 'at', channel: 'via', type: 'what' }, text: jsonl })
    await runImport(team.ws.id, id)
    expect(await getImport(editor, id)).toMatchObject({ status: 'done', matched: 2, bad: 1, problems: [{ line: 3, reason: 'Not valid JSON' }] })
    await expect(startImport(editor, { source: 'X', format: 'csv', fileName: 'x.csv', mapping: { timestamp: 'Created At' }, text: exportCsv().slice(0, 500) })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { 'mapping.channel': ['Choose the column that holds the channel'], 'mapping.type': ['Choose the column that holds the type'] },
    })
    const other = await teamWorkspace('Other data')
    await expect(getImport(await ctxOf(other.owner.id, other.ws.id), id)).rejects.toMatchObject({ status: 404 })
    expect(await volumesByTouchpoint(await ctxOf(other.owner.id, other.ws.id))).toEqual([])
    await expect(startImport(await ctxOf(team.viewer.id, team.ws.id), { source: 'X', format: 'jsonl', fileName: 'x', mapping: {}, text: jsonl })).rejects.toMatchObject({ status: 403 })
  })
})
