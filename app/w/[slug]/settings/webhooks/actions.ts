'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { uuidSchema } from '@/lib/schemas/common'
import { createEndpoint, deleteEndpoint, endpointInputSchema, redeliver, rotateSecret, setPaused, updateEndpoint } from '@/lib/webhooks/endpoints'

/** Adds an endpoint; the answer carries its signing secret, shown once. */
export const createWebhookAction = workspaceAction(endpointInputSchema, 'webhooks.manage', (ctx, input) => createEndpoint(ctx, input))

export const updateWebhookAction = workspaceAction(z.intersection(endpointInputSchema, z.object({ webhookId: uuidSchema('webhook') })), 'webhooks.manage', (ctx, { webhookId, ...input }) =>
  updateEndpoint(ctx, webhookId, input),
)

export const rotateWebhookSecretAction = workspaceAction(z.object({ webhookId: uuidSchema('webhook') }), 'webhooks.manage', (ctx, input) => rotateSecret(ctx, input.webhookId))

export const pauseWebhookAction = workspaceAction(z.object({ webhookId: uuidSchema('webhook'), paused: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]) }), 'webhooks.manage', (ctx, input) => setPaused(ctx, input.webhookId, input.paused))

export const deleteWebhookAction = workspaceAction(z.object({ webhookId: uuidSchema('webhook') }), 'webhooks.manage', (ctx, input) => deleteEndpoint(ctx, input.webhookId))

export const redeliverAction = workspaceAction(z.object({ deliveryId: uuidSchema('delivery') }), 'webhooks.manage', (ctx, input) => redeliver(ctx, input.deliveryId))
