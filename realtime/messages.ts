/** What the server does with one frame from an admitted connection whose document is loaded. */
import * as Y from 'yjs'
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { guardAwareness } from './awareness-guard'
import type { Connection } from './connection'
import type { Engine } from './engine'
import { CLOSE } from './limits'
import { changesOwner, isCatalogDoc } from './owner-guard'
import { encodeIntegratedState, pendingBytes } from './pending'
import { decodeClientMessage, encodeAwareness, encodeSyncStep2, ProtocolError } from './protocol'

export function handleMessage(engine: Engine, conn: Connection, data: Uint8Array): void {
  const doc = conn.doc!
  try {
    const m = decodeClientMessage(data)
    switch (m.kind) {
      case 'sync-step1':
        conn.send(encodeSyncStep2(encodeIntegratedState(doc.ydoc, m.stateVector)))
        return
      case 'sync-step2':
      case 'update':
        // A viewer's changes are dropped here: never applied, broadcast or stored.
        if (!conn.canWrite) {
          engine.counters.readonlyDropped++
          return
        }
        // Owners of touchpoints are set by managers and up only: such an update from anyone else is dropped whole.
        if (!conn.canAssign && isCatalogDoc(doc.name) && changesOwner(doc.ydoc, m.update)) {
          engine.counters.readonlyDropped++
          return
        }
        {
          const before = pendingBytes(doc.ydoc)
          Y.applyUpdate(doc.ydoc, m.update, conn)
          const after = pendingBytes(doc.ydoc)
          if (after !== before) engine.pendingChanged(doc, conn, after - before)
        }
        return
      case 'awareness': {
        const update = guardAwareness(m.update, conn, doc.owners, doc.awareness, doc.lastUser)
        if (update) applyAwarenessUpdate(doc.awareness, update, conn)
        return
      }
      case 'query-awareness':
        conn.send(encodeAwareness(encodeAwarenessUpdate(doc.awareness, [...doc.awareness.getStates().keys()])))
        return
      case 'auth':
        return
    }
  } catch (err) {
    // Malformed bytes cost this connection, never the process or the document's other clients.
    engine.counters.closedForLimits++
    conn.close(err instanceof ProtocolError ? CLOSE.unsupported : CLOSE.policy, 'malformed message')
  }
}
