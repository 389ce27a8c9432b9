// `npm start`: build when the sources changed since the last build, then run
// the server (server.ts, loaded through tsx) in this same process. package.json
// starts it with `exec`, so npm's SIGTERM and SIGINT reach this process itself
// (through sh they would stop at the shell and leave this process orphaned);
// server.ts flushes and exits on them, and a running build is stopped with it.
import path from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
process.chdir(root)
await buildIfNeeded()

process.env.NODE_ENV = 'production'
process.env.NEXT_TELEMETRY_DISABLED = '1'
const { register } = await import('tsx/esm/api')
register()
await import(path.join(root, 'server.ts'))
