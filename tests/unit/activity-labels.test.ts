import { describe, expect, it } from 'vitest'
import messages from '@/messages/en.json'
import { ACTIVITY_ACTIONS } from '@/lib/activity/record-activity'

describe('activity log labels', () => {
  it('every kind of entry has a label in the activity page (no raw action names shown)', () => {
    const labels = messages.settings.activity.actions as Record<string, string>
    const missing = ACTIVITY_ACTIONS.filter((a) => !labels[a.replace('.', '_')])
    expect(missing).toEqual([])
  })
})
