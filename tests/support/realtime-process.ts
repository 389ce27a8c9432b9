/** A realtime server in its own process (`node --import tsx realtime/server-main.ts`), for kill -9 and multi-process tests. */
import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from './ports'
import { ORIGIN } from './realtime'

export type RealtimeProcess = {
  port: number
  baseUrl: string
  proc: ChildProcess
  output: () => string
  /** Sends a signal to the process group and waits for the exit. */
  kill: (signal: NodeJS.Signals) => Promise<void>
}

export async function startRealtimeProcess(env: { DATABASE_URL: string; REDIS_URL?: string; port?: number }): Promise<RealtimeProcess> {
  const port = env.port ?? (await freePort())
  let out = ''
  const proc = spawn(process.execPath, ['--import', 'tsx', 'realtime/server-main.ts'], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL ?? '',
      AUTH_SECRET: 'test-secret-test-secret-test-secret-0000',
      APP_URL: ORIGIN,
      REALTIME_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`realtime process did not start:\n${out}`)), 30_000)
    const onData = (d: Buffer) => {
      out += d
      if (out.includes('realtime listening on port')) {
        clearTimeout(timer)
        resolve()
      }
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', (d) => (out += d))
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`realtime process exited (${code}):\n${out}`))
    })
  })
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    proc,
    output: () => out,
    kill: async (signal) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      try {
        process.kill(-proc.pid!, signal)
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
    },
  }
}
