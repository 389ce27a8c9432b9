/**
 * Per-user undo and redo across the two documents the editor changes (the map
 * and the catalog). A Y.UndoManager watches one document, so there is one per
 * document, and this keeps the order of the user's actions: each action
 * records which managers it added a step to, and undo/redo replay exactly
 * those. Only changes made with `origin` are tracked: other people's changes
 * are never undone by this user.
 */
import * as Y from 'yjs'
import { metaOf, placementsOf, segmentsOf, stagesOf, touchpointsOf } from '@/lib/maps/doc-schema'

type Step = { map: boolean; catalog: boolean }

/** Typing that pauses this long ends its undo step. */
export const TYPING_PAUSE_MS = 1000

/**
 * `typing`: the action is a keystroke in a text field, named by a key (the
 * touchpoint and field); `newWord` when it begins a word. Keystrokes in the
 * same field, without a pause and within one word, join the previous step.
 */
export type ActOptions = { typing?: { key: string; newWord: boolean } }

export class EditorHistory {
  readonly origin = { editor: 'local' }
  private mapUndo!: Y.UndoManager
  private catalogUndo!: Y.UndoManager
  private running = false
  private undoSteps: Step[] = []
  private redoSteps: Step[] = []
  private listeners = new Set<() => void>()
  private snapshot = { canUndo: false, canRedo: false }
  private lastTyping: { key: string; at: number } | null = null

  constructor(
    readonly mapDoc: Y.Doc,
    readonly catalogDoc: Y.Doc,
  ) {
    this.start()
  }

  /** (Re)starts tracking; a no-op when running. React may stop and start an effect twice in development. */
  start(): void {
    if (this.running) return
    this.running = true
    const opts = { trackedOrigins: new Set<unknown>([this.origin]), captureTimeout: 0 }
    this.mapUndo = new Y.UndoManager([metaOf(this.mapDoc), stagesOf(this.mapDoc), segmentsOf(this.mapDoc), placementsOf(this.mapDoc)], opts)
    this.catalogUndo = new Y.UndoManager([touchpointsOf(this.catalogDoc)], opts)
    this.undoSteps = []
    this.redoSteps = []
    this.emit()
  }

  /** Stops tracking and forgets the history. */
  stop(): void {
    if (!this.running) return
    this.running = false
    this.mapUndo.destroy()
    this.catalogUndo.destroy()
  }

  /** Runs one user action: its changes to either document are one undo step (or join the last, for typing: see ActOptions). */
  act<T>(fn: (tx: { map: <R>(f: () => R) => R; catalog: <R>(f: () => R) => R }) => T, opts: ActOptions = {}): T {
    const now = Date.now()
    const typing = opts.typing
    const joins = !!typing && !typing.newWord && this.lastTyping?.key === typing.key && now - this.lastTyping.at < TYPING_PAUSE_MS && this.undoSteps.length > 0
    // Y.UndoManager merges a change into its last item when it comes within captureTimeout of the previous one.
    this.mapUndo.captureTimeout = this.catalogUndo.captureTimeout = joins ? TYPING_PAUSE_MS : 0
    if (!joins) {
      this.mapUndo.stopCapturing()
      this.catalogUndo.stopCapturing()
    }
    this.lastTyping = typing ? { key: typing.key, at: now } : null
    const before = { map: this.mapUndo.undoStack.length, catalog: this.catalogUndo.undoStack.length }
    const run =
      (doc: Y.Doc) =>
      <R>(f: () => R): R => {
        let out!: R
        doc.transact(() => {
          out = f()
        }, this.origin)
        return out
      }
    const result = fn({ map: run(this.mapDoc), catalog: run(this.catalogDoc) })
    this.mapUndo.captureTimeout = this.catalogUndo.captureTimeout = 0
    const step = { map: this.mapUndo.undoStack.length > before.map, catalog: this.catalogUndo.undoStack.length > before.catalog }
    if (step.map || step.catalog) {
      this.undoSteps.push(step)
      this.redoSteps = []
      this.emit()
    }
    return result
  }

  /** Ends the current typing step (the field lost focus, or Enter): the next keystroke starts a new one. */
  endTyping(): void {
    this.lastTyping = null
  }

  undo(): void {
    this.lastTyping = null
    const step = this.undoSteps.pop()
    if (!step) return
    if (step.map) this.mapUndo.undo()
    if (step.catalog) this.catalogUndo.undo()
    this.redoSteps.push(step)
    this.emit()
  }

  redo(): void {
    this.lastTyping = null
    const step = this.redoSteps.pop()
    if (!step) return
    if (step.map) this.mapUndo.redo()
    if (step.catalog) this.catalogUndo.redo()
    this.undoSteps.push(step)
    this.emit()
  }

  subscribe = (cb: () => void) => {
    this.listeners.add(cb)
    return () => {
      this.listeners.delete(cb)
    }
  }

  getSnapshot = () => this.snapshot

  private emit() {
    this.snapshot = { canUndo: this.undoSteps.length > 0, canRedo: this.redoSteps.length > 0 }
    for (const l of this.listeners) l()
  }

  destroy() {
    this.stop()
    this.listeners.clear()
  }
}
