import { sql } from 'drizzle-orm'
import { config } from '@/lib/config'
import { database, rowsOf } from '@/lib/db'
import { RateLimitedError } from '@/lib/errors'

/**
 * Fixed-window counters shared by every process (one row per key in
 * rate_limits). `take` adds `n` to the key's count in the current window and
 * returns the new count and when the window ends.
 */
export async function take(key: string, n: number, windowSeconds: number): Promise<{ count: number; windowEndsMs: number }> {
  const db = await database()
  const [row] = rowsOf<{ count: number; ends: string | number }>(
    await db.execute(sql`
      insert into rate_limits (key, window_start, count) values (${key}, now(), ${n})
      on conflict (key) do update set
        count = case when rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) then ${n} else rate_limits.count + ${n} end,
        window_start = case when rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) then now() else rate_limits.window_start end
      returning count, extract(epoch from rate_limits.window_start) * 1000 + ${windowSeconds * 1000} as ends`),
  )
  return { count: Number(row?.count ?? Infinity), windowEndsMs: Number(row?.ends ?? Date.now()) }
}

/** One attempt against `limit` per window: false when the key is over it. */
export async function consume(key: string, limit: number, windowSeconds: number): Promise<boolean> {
  return (await take(key, 1, windowSeconds)).count <= limit
}

export const SIGN_IN_WINDOW_SECONDS = 15 * 60

/**
 * Sign-in attempts (magic link requests, SSO starts): limited per email and per
 * IP. The answer is the same whether or not an account exists.
 */
export async function guardSignInAttempt(opts: { email?: string | null; ip?: string | null }): Promise<void> {
  const { perEmail, perIp } = config().signInLimits
  const windowSeconds = SIGN_IN_WINDOW_SECONDS
  const checks: Promise<boolean>[] = []
  if (opts.ip) checks.push(consume(`signin:ip:${opts.ip}`, perIp, windowSeconds))
  if (opts.email) checks.push(consume(`signin:email:${opts.email.trim().toLowerCase()}`, perEmail, windowSeconds))
  const results = await Promise.all(checks)
  if (results.includes(false)) throw new RateLimitedError('Too many sign-in attempts. Wait a few minutes and try again.', windowSeconds)
}
