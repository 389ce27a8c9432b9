// Builds the Next app when its sources changed since the last build
// (a content hash of the inputs is kept next to the build).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const INPUTS = ['app', 'components', 'lib', 'db/schema', 'messages', 'public', 'realtime', 'next.config.mjs', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json']
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

/** Runs `next build`; SIGTERM and SIGINT are passed on to it, so stopping a start that is building leaves no build behind. */
function nextBuild() {
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  })
  const forward = (signal) => child.kill(signal)
  process.on('SIGTERM', forward)
  process.on('SIGINT', forward)
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward)
      process.off('SIGINT', forward)
      resolve({ code, signal })
    })
  })
}

/** Run from the project root. Exits the process when the build fails or was stopped. */
export async function buildIfNeeded() {
  const hash = sourceHash()
  if (existsSync('.next/BUILD_ID') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return false
  console.log('Building Touchmap (first start or changed sources; this takes a minute or two)...')
  const t0 = Date.now()
  const r = await nextBuild()
  if (r.signal) {
    console.error(`The build was stopped (${r.signal}).`)
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15 }[r.signal] ?? 9))
  }
  if (r.code !== 0) {
    console.error('The build failed; see the messages above.')
    process.exit(r.code ?? 1)
  }
  writeFileSync(STAMP, hash)
  console.log(`Built in ${((Date.now() - t0) / 1000).toFixed(0)} s.`)
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) await buildIfNeeded()
