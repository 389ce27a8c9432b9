import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from './ports'

export type AppProcess = { url: string; port: number; dataDir: string; proc: ChildProcess; output: () => string; stop: () => Promise<void> }

/**
 * Starts the built app (`node scripts/start.mjs`) in its own process group on
 * a free port with a fresh data directory, and waits for /api/health.
 * `nodeArgs` go to node itself (a benchmark's `--cpu-prof`, say); `viaNpm`
 * starts it as a newcomer does, with `npm start`; `dataDir` reuses a data
 * directory (a restart).
 */
export async function startApp(
  env: Record<string, string | undefined> = {},
  opts: { nodeArgs?: string[]; viaNpm?: boolean; dataDir?: string } = {},
): Promise<AppProcess> {
  const port = await freePort()
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'touchmap-e2e-'))
  let out = ''
  const [command, args] = opts.viaNpm ? ['npm', ['start']] : [process.execPath, [...(opts.nodeArgs ?? []), 'scripts/start.mjs']]
  const proc = spawn(command, args, {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, APP_URL: `http://localhost:${port}`, NODE_ENV: 'production', ...env },
  })
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const url = `http://localhost:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the app exited (${proc.exitCode}):\n${out}`)
    try {
      const r = await fetch(`${url}/api/health`)
      if (r.ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`the app did not become healthy:\n${out}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    url,
    port,
    dataDir,
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode !== null) return
      const exited = new Promise((r) => proc.once('exit', r))
      try {
        process.kill(-proc.pid!, 'SIGTERM')
      } catch {
        /* gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      try {
        process.kill(-proc.pid!, 'SIGKILL')
      } catch {
        /* gone */
      }
    },
  }
}
