/** Test helpers for the realtime engine: real servers on port 0, stock y-websocket clients, real tickets. */
import { createServer, type Server } from 'node:http'
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { memberships, users } from '@/db/schema'
import { getMembership, person } from '@/lib/auth/membership'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { issueTicket } from '@/lib/realtime/issue-ticket'
import type { RoleKey } from '@/lib/rbac/permissions'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { connectWithTickets } from '@/realtime/client-tickets'
import { attachRealtime, type Realtime, type RealtimeOptions } from '@/realtime'
import { docName } from '@/realtime/doc-name'

export const ORIGIN = 'http://app.touchmap.test'

/** The stock `ws` client, sending a browser-like Origin header. */
export class OriginWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { origin: ORIGIN })
  }
}

export type TestServer = { server: Server; rt: Realtime; port: number; baseUrl: string; close: () => Promise<void> }

export async function startRealtimeServer(opts: RealtimeOptions = {}): Promise<TestServer> {
  const server = createServer((_req, res) => res.writeHead(404).end())
  const rt = await attachRealtime(server, { allowedOrigins: [ORIGIN], redisUrl: null, ...opts })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    server,
    rt,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await rt.close()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}

let n = 0
export async function newUser(name = 'User'): Promise<string> {
  const db = await database()
  const [u] = await db.insert(users).values({ email: `u${++n}-${randomUUID().slice(0, 8)}@example.test`, name: `${name} ${n}` }).returning()
  return u!.id
}

/** A workspace owned by a new user. */
export async function newWorkspace(): Promise<{ workspaceId: string; ownerId: string }> {
  const ownerId = await newUser('Owner')
  const ws = await createWorkspace(ownerId, `Workspace ${randomUUID().slice(0, 6)}`)
  return { workspaceId: ws.id, ownerId }
}

export async function addMember(workspaceId: string, role: RoleKey, name: string = role): Promise<string> {
  const userId = await newUser(name)
  await inWorkspace(workspaceId, null, (tx) => tx.insert(memberships).values({ workspaceId, userId, roleKey: role }))
  return userId
}

export function newDoc(workspaceId: string): string {
  return docName(workspaceId, `map-${randomUUID()}`)
}

/** A real ticket through the app's issueTicket (membership checked), pointed at `baseUrl`. */
export async function ticketFor(userId: string, workspaceId: string, doc: string, baseUrl: string) {
  const ctx = await getMembership(person(userId), { id: workspaceId })
  if (!ctx) throw new Error('not a member')
  return issueTicket(ctx, doc, { baseUrl })
}

export type Client = { doc: Y.Doc; provider: WebsocketProvider; stop: () => void; baseUrl: { current: string } }

/**
 * A stock WebsocketProvider that fetches a fresh ticket for every
 * (re)connect, against whichever server `baseUrl.current` names.
 */
export function connectClient(userId: string, workspaceId: string, doc: string, baseUrl: string, ydoc = new Y.Doc()): Client {
  const provider = new WebsocketProvider('ws://unused', doc, ydoc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: OriginWebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 300,
  })
  const current = { current: baseUrl }
  const stopTickets = connectWithTickets(provider, () => ticketFor(userId, workspaceId, doc, current.current), { maxBackoffMs: 300 })
  return {
    doc: ydoc,
    provider,
    baseUrl: current,
    stop: () => {
      stopTickets()
      provider.destroy()
    },
  }
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await cond()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export const synced = (c: Client, timeoutMs = 10_000) => waitFor(() => c.provider.synced, timeoutMs, 'sync')

/** A raw socket: records every frame and the close code. */
export function rawSocket(url: string, origin: string | null = ORIGIN) {
  const ws = new WebSocket(url, origin ? { origin } : {})
  const frames: Uint8Array[] = []
  const closed = new Promise<{ code: number; reason: string; error?: string }>((resolve) => {
    ws.on('message', (d: Buffer) => frames.push(new Uint8Array(d)))
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    ws.on('error', (err) => resolve({ code: -1, reason: '', error: String(err) }))
  })
  const opened = new Promise<boolean>((resolve) => {
    ws.on('open', () => resolve(true))
    ws.on('error', () => resolve(false))
  })
  return { ws, frames, closed, opened }
}
