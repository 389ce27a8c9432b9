// Builds the Next app when its sources changed since the last build
// (a content hash of the inputs is kept next to the build).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const INPUTS = ['app', 'components', 'lib', 'db/schema', 'messages', 'realtime', 'next.config.mjs', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json']
const STAMP = '.next/touchmap-build-hash'

function* files(p) {
  if (!existsSync(p)) return
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) yield* files(path.join(p, name))
  } else yield p
}

function sourceHash() {
  const h = createHash('sha256')
  for (const input of INPUTS) for (const f of files(input)) h.update(f).update('\0').update(readFileSync(f)).update('\0')
  return h.digest('hex')
}

/** Run from the project root. Exits the process when the build fails. */
export function buildIfNeeded() {
  const hash = sourceHash()
  if (existsSync('.next/BUILD_ID') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return false
  console.log('Building Touchmap (first start or changed sources; this takes a minute or two)...')
  const t0 = Date.now()
  const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  })
  if (r.status !== 0) {
    console.error('The build failed; see the messages above.')
    process.exit(r.status ?? 1)
  }
  writeFileSync(STAMP, hash)
  console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s.`)
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded()
