/** Server processes for the benchmark, pinned to one core with taskset when available. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { freePort } from '../../tests/support/ports'

export const HAS_TASKSET = spawnSync('taskset', ['-V']).status === 0
export const SERVER_CORE = '0'
export const LOADGEN_CORE = '1'

export type ServerProcess = { kind: 'ours' | 'stock'; port: number; proc: ChildProcess; output: () => string; rssKb: () => number; cpuMs: () => number; memoryAfterGc: () => Promise<NodeJS.MemoryUsage>; kill: (sig?: NodeJS.Signals) => Promise<void> }

export async function startServer(kind: 'ours' | 'stock', env: Record<string, string> = {}, port?: number): Promise<ServerProcess> {
  port ??= await freePort()
  const script = kind === 'ours' ? 'realtime/server-main.ts' : 'bench/stock-server.ts'
  const args = ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', script]
  const [cmd, argv] = HAS_TASKSET ? ['taskset', ['-c', SERVER_CORE, process.execPath, ...args]] : [process.execPath, args]
  let out = ''
  const proc = spawn(cmd, argv as string[], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, REALTIME_PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start:\n${out}`)), 60_000)
    proc.stdout!.on('data', (d) => {
      out += d
      if (out.includes('realtime listening on port')) {
        clearTimeout(timer)
        resolve()
      }
    })
    proc.stderr!.on('data', (d) => (out += d))
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${kind} server exited (${code}):\n${out}`))
    })
  })
  return {
    kind,
    port,
    proc,
    output: () => out,
    memoryAfterGc: async () => (await fetch(`http://127.0.0.1:${port}/debug/memory`)).json() as Promise<NodeJS.MemoryUsage>,
    cpuMs: () => {
      // utime + stime in clock ticks (100 per second on Linux).
      const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return (Number(f[11]) + Number(f[12])) * 10
    },
    rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? NaN),
    kill: async (sig = 'SIGTERM') => {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill(sig)
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
    },
  }
}

/** Pins the load generator (this process) to the other core. */
export function pinSelf(): void {
  if (HAS_TASKSET) spawnSync('taskset', ['-cp', LOADGEN_CORE, String(process.pid)])
}
