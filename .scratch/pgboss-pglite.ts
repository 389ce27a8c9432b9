import { PGlite } from '@electric-sql/pglite'
import PgBoss from 'pg-boss'

async function main() {
  const client = await PGlite.create()
  const t0 = Date.now()
  const plans = PgBoss.getConstructionPlans('pgboss')
  await client.exec(plans)
  console.log('installed in', Date.now() - t0, 'ms')
  await client.exec(`create role app nologin; SET ROLE app`)
  const db = {
    executeSql: async (text: string, values: unknown[] = []) =>
      client.transaction(async (tx) => {
        await tx.exec('SET LOCAL ROLE postgres')
        const r = await tx.query(text, values as any[])
        return { rows: r.rows as any[] }
      }),
  }
  const boss = new PgBoss({ db, schema: 'pgboss', migrate: false, supervise: true, schedule: true })
  boss.on('error', (e) => console.error('boss error', e))
  await boss.start()
  await boss.createQueue('hello')
  await boss.work('hello', { pollingIntervalSeconds: 0.5 }, async (jobs) => { console.log('got', jobs.map((j) => j.data)) })
  await boss.send('hello', { a: 1 })
  await boss.send('hello', { a: 2 }, { singletonKey: 'x', singletonSeconds: 60 })
  const dup = await boss.send('hello', { a: 3 }, { singletonKey: 'x', singletonSeconds: 60 })
  console.log('dup id', dup)
  await new Promise((r) => setTimeout(r, 2500))
  console.log((await client.query('select current_user')).rows)
  await boss.stop({ graceful: true, wait: true })
  await client.close()
}
main().catch((e) => { console.error(e); process.exit(1) })
