/** Fan-out through Redis pub/sub (ioredis): one subscriber and one publisher connection per process. */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { log } from '@/lib/log'
import { decodeFanout, encodeFanout, type Fanout, type FanoutHandlers, type FanoutMessage } from './fanout'

export async function connectRedisFanout(url: string, handlers: FanoutHandlers, prefix = 'touchmap:rt:'): Promise<Fanout> {
  const peerId = randomBytes(8).toString('hex')
  const docPrefix = `${prefix}doc:`
  const membersChannel = `${prefix}members`
  const pub = new Redis(url, { maxRetriesPerRequest: null })
  const sub = new Redis(url, { maxRetriesPerRequest: null })
  for (const [name, r] of [['publisher', pub], ['subscriber', sub]] as const) r.on('error', (err) => log.warn(`realtime: redis ${name}`, { err: String(err) }))
  // Fail the start with a clear message instead of hanging when Redis is unreachable.
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      Promise.all([pub.ping(), sub.subscribe(membersChannel)]),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Cannot reach Redis at REDIS_URL (${new URL(url).host}) within 10 s`)), 10_000)
      }),
    ])
  } catch (err) {
    pub.disconnect()
    sub.disconnect()
    throw err
  } finally {
    clearTimeout(timer)
  }
  // Connected and subscribed by now: any later 'ready' is a reconnect, after which messages may have been missed.
  sub.on('ready', () => handlers.onResubscribed())

  sub.on('messageBuffer', (channelBuf: Buffer, message: Buffer) => {
    const channel = channelBuf.toString()
    try {
      if (channel === membersChannel) {
        const { workspaceId, userId } = JSON.parse(message.toString()) as { workspaceId: string; userId: string }
        handlers.onMembershipChange(workspaceId, userId)
        return
      }
      if (!channel.startsWith(docPrefix)) return
      const { peer, message: m } = decodeFanout(new Uint8Array(message.buffer, message.byteOffset, message.byteLength))
      if (peer !== peerId) handlers.onMessage(channel.slice(docPrefix.length), peer, m)
    } catch (err) {
      log.warn('realtime: bad fan-out message', { channel, err: String(err) })
    }
  })

  return {
    peerId,
    join: async (doc) => {
      await sub.subscribe(docPrefix + doc)
    },
    leave: async (doc) => {
      await sub.unsubscribe(docPrefix + doc).catch(() => {})
    },
    publish: (doc: string, m: FanoutMessage) => {
      const data = encodeFanout(peerId, m)
      pub.publish(docPrefix + doc, Buffer.from(data.buffer, data.byteOffset, data.byteLength)).catch((err) => log.warn('realtime: redis publish failed', { err: String(err) }))
    },
    publishMembershipChange: (workspaceId, userId) => {
      pub.publish(membersChannel, JSON.stringify({ workspaceId, userId })).catch(() => {})
    },
    close: async () => {
      sub.disconnect()
      await pub.quit().catch(() => pub.disconnect())
    },
  }
}
