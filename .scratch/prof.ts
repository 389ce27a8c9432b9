import { installDatabase } from '../lib/db'
import { openDatabase } from '../lib/db/client'
import { person, requireMembership } from '../lib/auth/membership'
import { inWorkspace } from '../lib/db/tenant'
import { rawFor, evaluationsFor } from '../lib/evaluation/evaluation'
import { ownerOptionsIn } from '../lib/ownership/queries'
import { distributionFor } from '../lib/analysis/load'
import { sql } from 'drizzle-orm'

async function main() {
  const h = await openDatabase({ databaseUrl: process.argv[2] })
  installDatabase(h)
  const ws = process.argv[3]!
  const ctx = await requireMembership(person('bench-user'), { id: ws })
  const t = async (name: string, fn: () => Promise<unknown>) => { for (let i = 0; i < 2; i++) await fn(); const t0 = performance.now(); for (let i = 0; i < 5; i++) await fn(); console.log(name, ((performance.now() - t0) / 5).toFixed(1)) }
  await t('rawFor', () => rawFor(ws, 'bench-user'))
  await t('evaluationsFor', () => evaluationsFor(ws, 'bench-user'))
  await t('owners', () => inWorkspace(ws, 'bench-user', (tx) => ownerOptionsIn(tx, ws)))
  await t('distribution ws', () => distributionFor(ctx, { mapId: null }))
  await h.close()
}
main()
