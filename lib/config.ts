import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import ipaddr from 'ipaddr.js'
import { z } from 'zod'

/**
 * The one place where the environment is read. `loadConfig()` parses it with
 * zod once per process; a missing or invalid value throws a ConfigError whose
 * message is one line naming the variable.
 */

const urlWithProtocols = (name: string, protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol)
      } catch {
        return false
      }
    }, `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1')
    .optional()

const commaList = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/** `1.2.3.4`, `1.2.3.4:5353`, `::1` or `[::1]:5353`: what node's dns Resolver#setServers takes. */
const isDnsServer = (s: string) => {
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s) ?? /^([^:]+):(\d{1,5})$/.exec(s)
  if (m) return isIP(m[1]!) !== 0 && (m[2] === undefined || (Number(m[2]) > 0 && Number(m[2]) < 65536))
  return isIP(s) !== 0
}

const isAddressOrCidr = (s: string) => (s.includes('/') ? ipaddr.isValidCIDR(s) : ipaddr.isValid(s))

const envSchema = z.object({
  DATABASE_URL: urlWithProtocols('DATABASE_URL', ['postgres:', 'postgresql:']).optional(),
  REDIS_URL: urlWithProtocols('REDIS_URL', ['redis:', 'rediss:']).optional(),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  SMTP_URL: urlWithProtocols('SMTP_URL', ['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().trim().min(3).optional(),
  APP_URL: urlWithProtocols('APP_URL', ['http:', 'https:']).optional(),
  REALTIME_URL: urlWithProtocols('REALTIME_URL', ['http:', 'https:', 'ws:', 'wss:']).optional(),
  PORT: z.coerce
    .number({ error: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be between 0 and 65535')
    .max(65535, 'PORT must be between 0 and 65535')
    .default(3000),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SIGNIN_LIMIT_PER_EMAIL: z.coerce.number({ error: 'SIGNIN_LIMIT_PER_EMAIL must be a number' }).int().min(1, 'SIGNIN_LIMIT_PER_EMAIL must be at least 1').default(5),
  SIGNIN_LIMIT_PER_IP: z.coerce.number({ error: 'SIGNIN_LIMIT_PER_IP must be a number' }).int().min(1, 'SIGNIN_LIMIT_PER_IP must be at least 1').default(30),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'API_RATE_LIMIT_PER_MINUTE must be a number' }).int().min(1, 'API_RATE_LIMIT_PER_MINUTE must be at least 1').default(600),
  DNS_SERVERS: z
    .string()
    .transform(commaList)
    .refine((l) => l.length > 0 && l.every(isDnsServer), 'DNS_SERVERS must be a comma-separated list of IP addresses, each with an optional :port (e.g. 127.0.0.1:5353)')
    .optional(),
  OUTBOUND_ALLOWED_ADDRESSES: z
    .string()
    .transform(commaList)
    .refine((l) => l.every(isAddressOrCidr), 'OUTBOUND_ALLOWED_ADDRESSES must be a comma-separated list of IP addresses or CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8)')
    .optional(),
  SSO_ALLOW_HTTP_LOOPBACK: flag('SSO_ALLOW_HTTP_LOOPBACK'),
  SSO_DOMAIN_ATTESTATION: flag('SSO_DOMAIN_ATTESTATION'),
  SAML_CLOCK_SKEW_SECONDS: z.coerce
    .number({ error: 'SAML_CLOCK_SKEW_SECONDS must be a number' })
    .int()
    .min(0, 'SAML_CLOCK_SKEW_SECONDS must be 0 or more')
    .max(900, 'SAML_CLOCK_SKEW_SECONDS must be at most 900 (15 minutes)')
    .default(180),
  SCIM_REQUESTS_PER_MINUTE: z.coerce.number({ error: 'SCIM_REQUESTS_PER_MINUTE must be a number' }).int().min(1, 'SCIM_REQUESTS_PER_MINUTE must be at least 1').default(1200),
  WEBHOOK_ALLOW_HTTP_LOOPBACK: flag('WEBHOOK_ALLOW_HTTP_LOOPBACK'),
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number({ error: 'WEBHOOK_RETRY_DELAY_SECONDS must be a number' }).int().min(1, 'WEBHOOK_RETRY_DELAY_SECONDS must be at least 1').max(3600, 'WEBHOOK_RETRY_DELAY_SECONDS must be at most 3600').default(20),
  WEBHOOK_RETRY_LIMIT: z.coerce.number({ error: 'WEBHOOK_RETRY_LIMIT must be a number' }).int().min(0, 'WEBHOOK_RETRY_LIMIT must be 0 or more').max(20, 'WEBHOOK_RETRY_LIMIT must be at most 20').default(12),
  WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number({ error: 'WEBHOOK_PAUSE_AFTER_FAILURES must be a number' }).int().min(1, 'WEBHOOK_PAUSE_AFTER_FAILURES must be at least 1').default(50),
})

export type Config = {
  databaseUrl: string | undefined
  redisUrl: string | undefined
  authSecret: string
  smtpUrl: string | undefined
  smtpFrom: string
  appUrl: string
  /** Where browsers reach the realtime endpoint; default: the app's own origin. */
  realtimeUrl: string
  port: number
  dataDir: string
  embedded: boolean
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  /** Sign-in attempts allowed per 15 minutes. */
  signInLimits: { perEmail: number; perIp: number }
  /** When set, GET /api/metrics (and the realtime process's /metrics) need `Authorization: Bearer <token>`. */
  metricsToken: string | undefined
  /** Requests per minute allowed per workspace API key (/api/v1). */
  apiRateLimitPerMinute: number
  /** DNS servers for domain verification (`ip` or `ip:port`); empty: the system's resolvers. */
  dnsServers: string[]
  /** Private addresses (IPs or CIDR ranges) the server may still contact on a user's behalf (lib/net/guarded-fetch.ts). */
  outboundAllowedAddresses: string[]
  /** http:// OpenID issuers on loopback hosts (for tests and local IdPs); otherwise issuers must be https. */
  ssoAllowHttpLoopback: boolean
  /** An admin's word counts as a domain claim (never to link or open an existing account); off by default. */
  ssoDomainAttestation: boolean
  /** How far a SAML IdP's clock may be from ours (seconds; default 180). */
  samlClockSkewSeconds: number
  /** SCIM requests per minute allowed per connection (beyond: 429 with Retry-After). */
  scimRequestsPerMinute: number
  /** Webhook endpoints may be http:// on loopback hosts (tests, local receivers); otherwise https only. */
  webhookAllowHttpLoopback: boolean
  /** The first retry's delay (seconds); each next one doubles it (lib/webhooks/deliver.ts). */
  webhookRetryDelaySeconds: number
  /** Retries after the first attempt (default 12: with 20 s doubling, the last is about a day later). */
  webhookRetryLimit: number
  /** Failed attempts in a row after which an endpoint is paused and its admins told. */
  webhookPauseAfterFailures: number
}

export class ConfigError extends Error {}

function emptyToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key]
    out[key] = v === undefined || v.trim() === '' ? undefined : v
  }
  return out
}

/** Embedded mode keeps a generated secret under the data directory. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(emptyToUndefined(env))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const name = String(issue.path[0] ?? 'environment')
    const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`
    throw new ConfigError(`Invalid configuration: ${message}`)
  }
  const e = parsed.data
  const embedded = !e.DATABASE_URL
  const dataDir = path.resolve(e.DATA_DIR)
  let authSecret = e.AUTH_SECRET
  if (!authSecret) {
    if (!embedded) {
      throw new ConfigError('Invalid configuration: AUTH_SECRET is required when DATABASE_URL is set (try: openssl rand -base64 32)')
    }
    authSecret = embeddedSecret(dataDir)
  }
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    authSecret,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM ?? `Touchmap <no-reply@${new URL(appUrl).hostname}>`,
    appUrl,
    realtimeUrl: (e.REALTIME_URL ?? appUrl).replace(/\/+$/, ''),
    port: e.PORT,
    dataDir,
    embedded,
    logLevel: e.LOG_LEVEL,
    signInLimits: { perEmail: e.SIGNIN_LIMIT_PER_EMAIL, perIp: e.SIGNIN_LIMIT_PER_IP },
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    metricsToken: e.METRICS_TOKEN,
    dnsServers: e.DNS_SERVERS ?? [],
    outboundAllowedAddresses: e.OUTBOUND_ALLOWED_ADDRESSES ?? [],
    ssoAllowHttpLoopback: e.SSO_ALLOW_HTTP_LOOPBACK ?? false,
    ssoDomainAttestation: e.SSO_DOMAIN_ATTESTATION ?? false,
    samlClockSkewSeconds: e.SAML_CLOCK_SKEW_SECONDS,
    scimRequestsPerMinute: e.SCIM_REQUESTS_PER_MINUTE,
    webhookAllowHttpLoopback: e.WEBHOOK_ALLOW_HTTP_LOOPBACK ?? false,
    webhookRetryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
    webhookRetryLimit: e.WEBHOOK_RETRY_LIMIT,
    webhookPauseAfterFailures: e.WEBHOOK_PAUSE_AFTER_FAILURES,
  }
}

const globalForConfig = globalThis as unknown as { __touchmapConfig?: Config }

/** The process's configuration, parsed on first use. */
export function config(): Config {
  globalForConfig.__touchmapConfig ??= parseConfig(process.env)
  return globalForConfig.__touchmapConfig
}

/** For the server and tests: replace the process's configuration. */
export function setConfig(next: Config): Config {
  globalForConfig.__touchmapConfig = next
  return next
}
