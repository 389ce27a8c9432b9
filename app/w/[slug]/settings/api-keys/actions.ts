'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { createApiKey, revokeApiKey } from '@/lib/api-keys/keys'
import { nameSchema, uuidSchema } from '@/lib/schemas/common'

/** Creates a key; the answer carries the secret, which is shown once and never again. */
export const createApiKeyAction = workspaceAction(z.object({ name: nameSchema('key name', 80) }), 'apikeys.manage', (ctx, input) => createApiKey(ctx, input))

export const revokeApiKeyAction = workspaceAction(z.object({ keyId: uuidSchema('API key') }), 'apikeys.manage', (ctx, input) => revokeApiKey(ctx, input.keyId))
