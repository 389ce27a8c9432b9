// node scripts/lockfile-platform-stubs.mjs
//
// The package registry this project's machines reach serves Linux builds of
// native packages only; the macOS, Windows and other platform builds that
// next, @swc/core, tailwind's oxide and friends list as optionalDependencies
// answer 404, so `npm install` leaves them out of package-lock.json and
// `npm ci` then refuses the lockfile as out of sync. This adds an entry for
// each such package, marked optional and for its own platform, so `npm ci`
// accepts the lockfile and skips them here (a Mac fetches its own from a
// registry that has it). Run it after any `npm install` that changes the
// lockfile; tests/unit/lockfile.test.ts fails when it is needed.
import { readFileSync, writeFileSync } from 'node:fs'

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openbsd', 'sunos', 'aix', 'netbsd']
const CPU = ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el']

export function missingOptional(lock) {
  const out = []
  for (const [key, pkg] of Object.entries(lock.packages)) {
    for (const [name, range] of Object.entries(pkg.optionalDependencies ?? {})) {
      const nested = key ? `${key}/node_modules/${name}` : `node_modules/${name}`
      if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`]) out.push({ name, range })
    }
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
  const missing = missingOptional(lock)
  for (const { name, range } of missing) {
    const parts = name.split(/[/-]/)
    const os = OS.find((o) => parts.includes(o))
    const cpu = CPU.filter((c) => parts.includes(c))
    lock.packages[`node_modules/${name}`] = {
      version: range.replace(/^[\^~=]/, ''),
      optional: true,
      os: os ? [os] : ['!linux'],
      ...(cpu.length ? { cpu } : {}),
    }
  }
  writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n')
  console.log(`added ${missing.length} platform-specific optional packages to package-lock.json`)
}
