/** Start-up and shutdown shared by the processes (server.ts, realtime/server-main.ts). */
import { ConfigError, config } from '@/lib/config'
import { log } from '@/lib/log'

/** The configuration, or the process ends with one clear line per bad value. */
export function configOrExit(): ReturnType<typeof config> {
  try {
    return config()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
}

/** On SIGTERM or SIGINT, runs `close` once (flushing what must be stored), then exits. */
export function closeOnSignals(what: string, close: () => Promise<void>): void {
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info(`${signal}: ${what}`)
    await close().catch((err) => log.error('shutdown step failed', { err: String(err) }))
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

/** Runs a process's main, printing a start-up failure and exiting non-zero. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err)
    process.exit(1)
  })
}
