/**
 * `npm run bench:sso`: enterprise sign-in under load, against the built app
 * (one process, PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL; default
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database, dropped at
 * the end).
 *
 * Set up through the services (in this process, same database): a workspace
 * with a SAML connection to the test IdP on loopback, its domain proven by a
 * DNS server on loopback, and a SCIM token. Then over HTTP:
 * - baseline: GET /api/health, sequential, p95 (the floor of a request);
 * - SAML: RUNS SP-initiated sign-ins (the login redirect, then the signed
 *   response posted to the ACS: verified by node-saml, identity decided; then
 *   the browser's completion request, which makes the session), p95 of the
 *   ACS post and the completion together, as a ratio to the baseline;
 * - SCIM burst: 10,000 POST /Users, 100 at a time, at the default limit of
 *   SCIM_REQUESTS_PER_MINUTE; how many were created and how many got 429,
 *   how long it took, and GET /api/health's p95 while it ran (the server
 *   stays responsive), as a ratio to the baseline.
 * Also the cost of the SAML library: importing @node-saml/node-saml in a
 * fresh Node process, against importing jose (already a dependency) in the same run.
 *
 * Prints a table and writes bench/results/sso.json.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { person, requireMembership } from '../lib/auth/membership'
import { config, setConfig } from '../lib/config'
import { installDatabase } from '../lib/db'
import { openDatabase } from '../lib/db/client'
import { createScimToken } from '../lib/scim/tokens'
import { addDomain, checkDomain, listDomains } from '../lib/sso/domain-claims'
import { createSamlConnection } from '../lib/sso/saml/manage-saml'
import { createWorkspace } from '../lib/workspaces/create-workspace'
import { startApp } from '../tests/support/app-process'
import { startDnsServer } from '../tests/support/dns-server'
import { readAuthnRequest, startSamlIdp } from '../tests/support/saml-idp'
import { freshDatabase } from './lib/fresh-database'
import { percentile, round } from './lib/stats'
import { makeUser } from '../tests/support/fixtures'

const RUNS = Number(process.env.BENCH_RUNS ?? 200)
const BURST = Number(process.env.BENCH_SCIM_USERS ?? 10_000)
const CONCURRENCY = 100

const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95)

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const out = await fn()
  return [out, performance.now() - t0]
}

function importMs(specifier: string): number {
  const out = execFileSync(process.execPath, ['-e', `const t=performance.now();require(${JSON.stringify(specifier)});console.log(performance.now()-t)`], { encoding: 'utf8' })
  return Number(out.trim())
}

async function main() {
  const db = await freshDatabase('sso')
  const dns = await startDnsServer()
  const idp = await startSamlIdp()
  const app = await startApp({ DATABASE_URL: db.url, SEED_DEMO: 'false', AUTH_SECRET: randomBytes(32).toString('base64') })
  try {
    installDatabase(await openDatabase({ databaseUrl: db.url }))
    setConfig({ ...config(), appUrl: app.url, dnsServers: [dns.address], outboundAllowedAddresses: ['127.0.0.1', '::1'], ssoAllowHttpLoopback: true })

    const owner = await makeUser(`owner-${randomBytes(3).toString('hex')}@bench.test`, 'Owner')
    const ws = await createWorkspace(owner.id, 'Bench SSO')
    const admin = await requireMembership(person(owner.id), { id: ws.id })
    const conn = await createSamlConnection(admin, { name: 'Bench IdP', defaultRole: 'viewer', trustEmails: true, idpInitiated: false, metadataUrl: idp.metadataUrl })
    const domain = 'bench-sso.test'
    const d = await addDomain(admin, conn.id, domain)
    const claim = (await listDomains(admin)).find((x) => x.id === d.id)!
    dns.setTxt(claim.recordName, [claim.recordValue])
    if ((await checkDomain(admin, d.id)) !== 'verified') throw new Error('domain not verified')
    const { token } = await createScimToken(admin, conn.id)

    // Baseline: the floor of a request to this server.
    // A fresh connection each time, so a kept-alive socket the server is closing never counts as a failure.
    const health = async () => (await timed(() => fetch(`${app.url}/api/health`, { headers: { connection: 'close' } }).then((r) => r.text())))[1]
    for (let i = 0; i < 20; i++) await health()
    const baseline: number[] = []
    for (let i = 0; i < RUNS; i++) baseline.push(await health())

    // SAML sign-ins: the login route's AuthnRequest, then the IdP's signed answer posted to the ACS.
    const acs: number[] = []
    for (let i = 0; i < RUNS + 10; i++) {
      const start = await fetch(`${app.url}/api/sso/saml/${conn.id}/login?callbackUrl=/`, { redirect: 'manual' })
      const to = new URL(start.headers.get('location')!)
      const browser = start.headers.getSetCookie()[0]!.split(';')[0]!
      const request = readAuthnRequest(to.searchParams.get('SAMLRequest')!, 'redirect')
      const samlResponse = idp.response({ acs: request.acs, audience: request.issuer, inResponseTo: request.id, email: `person${i % 50}@${domain}` })
      // The ACS verifies and parks the sign-in; the browser's GET to the completion step gets the session.
      const [res, ms] = await timed(async () => {
        const parked = await fetch(request.acs, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '/' }),
        })
        return fetch(new URL(parked.headers.get('location')!, app.url), { redirect: 'manual', headers: { cookie: browser } })
      })
      if (res.status !== 303 || !res.headers.getSetCookie().some((c) => c.includes('session-token'))) throw new Error(`SAML sign-in ${i} failed: ${res.status} ${res.headers.get('location')}`)
      if (i >= 10) acs.push(ms)
    }

    // One SCIM user at a time: the cost of a provisioning request alone.
    const scimPost = (userName: string) =>
      fetch(`${app.url}/api/scim/v2/${conn.id}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
      }).then(async (r) => {
        await r.arrayBuffer()
        return r.status
      })
    const single: number[] = []
    for (let i = 0; i < 40; i++) {
      const [status, ms] = await timed(() => scimPost(`single${i}@${domain}`))
      if (status !== 201) throw new Error(`SCIM create answered ${status}`)
      single.push(ms)
    }
    if (process.env.BENCH_DEBUG) console.log('single', single.map((x) => Math.round(x)).join(' '))

    // SCIM burst, with health checks alongside.
    let stop = false
    const during: number[] = []
    let healthFailures = 0
    const sampler = (async () => {
      while (!stop) {
        try {
          during.push(await health())
        } catch {
          healthFailures++
        }
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    const statuses = new Map<number, number>()
    let next = 0
    const [, burstMs] = await timed(() =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < BURST) {
            const i = next++
            const status = await scimPost(`burst${i}@${domain}`)
            statuses.set(status, (statuses.get(status) ?? 0) + 1)
          }
        }),
      ),
    )
    stop = true
    await sampler

    const baseP95 = p95(baseline)
    const result = {
      machine: { cpus: os.cpus().length, node: process.version },
      runs: RUNS,
      health_baseline: { p95_ms: round(baseP95) },
      scim_create_single: { p95_ms: round(p95(single)), ratio_to_health: round(p95(single) / baseP95, 1) },
      saml_acs: { p95_ms: round(p95(acs)), ratio_to_health: round(p95(acs) / baseP95, 1) },
      scim_burst: {
        requests: BURST,
        seconds: round(burstMs / 1000),
        created: statuses.get(201) ?? 0,
        limited_429: statuses.get(429) ?? 0,
        other: [...statuses].filter(([s]) => s !== 201 && s !== 429).reduce((n, [, c]) => n + c, 0),
        limit_per_minute: config().scimRequestsPerMinute,
        health_p95_ms_during: round(p95(during)),
        health_failures_during: healthFailures,
        health_ratio_to_baseline: round(p95(during) / baseP95, 1),
      },
      import_cost: { node_saml_ms: round(importMs('@node-saml/node-saml')), jose_ms: round(importMs('jose')) },
    }
    console.log(`
| measure | figure | against |
|---|---|---|
| GET /api/health p95 (baseline) | ${result.health_baseline.p95_ms} ms | |
| SAML response posted to the ACS and the sign-in completed, p95 | ${result.saml_acs.p95_ms} ms | ${result.saml_acs.ratio_to_health}x the baseline |
| SCIM POST /Users one at a time, p95 | ${result.scim_create_single.p95_ms} ms | ${result.scim_create_single.ratio_to_health}x the baseline |
| SCIM burst: ${BURST} POST /Users, ${CONCURRENCY} at a time | ${result.scim_burst.seconds} s: ${result.scim_burst.created} created, ${result.scim_burst.limited_429} answered 429, ${result.scim_burst.other} other | limit ${result.scim_burst.limit_per_minute}/min |
| GET /api/health p95 during the burst (${during.length} checks, ${healthFailures} failed) | ${result.scim_burst.health_p95_ms_during} ms | ${result.scim_burst.health_ratio_to_baseline}x the baseline |
| import @node-saml/node-saml (fresh process) | ${result.import_cost.node_saml_ms} ms | jose: ${result.import_cost.jose_ms} ms |
`)
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/sso.json', `${JSON.stringify(result, null, 2)}\n`)
  } catch (err) {
    console.error(app.output().split('\n').slice(-40).join('\n'))
    throw err
  } finally {
    await app.stop()
    await idp.close()
    await dns.close()
    await db.drop()
  }
  process.exit(0)
}

void main()
