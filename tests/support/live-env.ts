import { startProjector, type Projector } from '@/lib/maps/projector'
import { startRealtimeServer, type TestServer } from './realtime'
import { openTestDatabase, type TestDb } from './test-db'

/** A test database, a realtime engine on port 0, and the read-model projector: what live-document tests need. */
export type LiveEnv = { t: TestDb; rt: TestServer; projector: Projector; close: () => Promise<void> }

export async function openLiveEnvironment(): Promise<LiveEnv> {
  const t = await openTestDatabase()
  const rt = await startRealtimeServer()
  const projector = startProjector(rt.rt.engine)
  return {
    t,
    rt,
    projector,
    close: async () => {
      projector.stop()
      await rt.close()
      await t.drop()
    },
  }
}
