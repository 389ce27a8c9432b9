import { NextResponse } from 'next/server'
import { databaseHandle } from '@/lib/db'

export const dynamic = 'force-dynamic'

/** 200 {"status":"ok","db":"ok"} when every dependency answers; 503 naming what is down. */
export async function GET() {
  let db: 'ok' | 'down' = 'ok'
  try {
    const handle = await databaseHandle()
    await Promise.race([handle.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))])
  } catch {
    db = 'down'
  }
  const ok = db === 'ok'
  return NextResponse.json({ status: ok ? 'ok' : 'error', db, ...(ok ? {} : { down: ['db'] }) }, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } })
}
