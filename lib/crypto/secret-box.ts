import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, createHash } from 'node:crypto'
import { config } from '@/lib/config'

/** Encrypts stored secrets (SSO client secrets) with a key derived from AUTH_SECRET (AES-256-GCM). */
function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', config().authSecret, 'touchmap', purpose, 32))
}

export function seal(plaintext: string, purpose = 'sso-client-secret'): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

export function open(sealed: string, purpose = 'sso-client-secret'): string {
  const [v, iv, tag, body] = sealed.split('.')
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unreadable sealed secret')
  const decipher = createDecipheriv('aes-256-gcm', key(purpose), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

/** A random URL-safe token and its SHA-256 hash (the hash is what gets stored). */
export function newToken(bytes = 32): { token: string; hash: string } {
  const token = randomBytes(bytes).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
