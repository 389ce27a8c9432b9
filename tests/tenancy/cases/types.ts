import type { teamWorkspace } from '../../support/fixtures'

export type Team = Awaited<ReturnType<typeof teamWorkspace>>
/** The two workspaces of the matrix, and ids of B's things that cases aim at. */
export type World = { A: Team; B: Team; ids: Record<string, string> }

export type RouteCase =
  /** Called by a member of A with B's ids (params from `params`, body from `body`): must answer 404. */
  | { kind: 'workspace'; params?: (w: World) => Record<string, string>; query?: (w: World) => Record<string, string>; body?: (w: World) => unknown }
  /** Signed-in routes outside one workspace: `check` asserts that nothing of B shows. */
  | { kind: 'user'; check: (res: Response, w: World) => Promise<void>; body?: (w: World) => unknown }
  | {
      kind: 'not-scoped'
      why: string
      /**
       * A state-changing endpoint that takes no cookie (a bearer token, a
       * cross-site SAML POST), so the Origin rule does not apply: `check` asserts
       * that a signed-in browser's cookie from another origin gains nothing.
       */
      crossOrigin?: { why: string; params?: (w: World) => Record<string, string>; check: (res: Response) => Promise<void> }
    }

export type ActionCase =
  /** Called with workspaceId B and `input`: 404 for a member of A, 403 for B's viewer (unless viewerMay). */
  | { kind: 'workspace'; input: (w: World) => Record<string, unknown>; viewerMay?: boolean; emptyInputOk?: boolean }
  /** A signed-in person's action aimed at B's things: must answer `expectStatus`. */
  | { kind: 'user'; input: (w: World) => Record<string, unknown>; expectStatus: number; emptyInputOk?: boolean }
  | { kind: 'not-scoped'; why: string; emptyInputOk?: boolean }

/** One area's cases, keyed by `<file> <METHOD>` for routes and `<file> <export>` for actions. */
export type CaseFile = {
  routes: Record<string, RouteCase>
  actions: Record<string, ActionCase>
  /** Creates B's things this area's cases aim at; returns their ids (merged into World.ids). */
  setupB?: (w: World) => Promise<Record<string, string>>
}
