/** Structured one-line logs to stdout/stderr. */
type Fields = Record<string, unknown>
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const
type Level = keyof typeof levels

function threshold(): number {
  const l = (process.env.LOG_LEVEL ?? 'info') as Level
  return levels[l] ?? levels.info
}

function write(level: Level, msg: string, fields?: Fields) {
  if (levels[level] < threshold()) return
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${fields ? ' ' + JSON.stringify(fields) : ''}`
  if (level === 'error' || level === 'warn') console.error(line)
  else console.log(line)
}

export const log = {
  debug: (msg: string, fields?: Fields) => write('debug', msg, fields),
  info: (msg: string, fields?: Fields) => write('info', msg, fields),
  warn: (msg: string, fields?: Fields) => write('warn', msg, fields),
  error: (msg: string, fields?: Fields) => write('error', msg, fields),
}
