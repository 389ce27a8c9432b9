'use server'

import { workspaceAction } from '@/lib/actions/define-action'
import { setEstimates, setMyScores, setWeights } from '@/lib/evaluation/evaluation'
import { estimatesSchema, myScoresSchema, weightsSchema } from '@/lib/evaluation/model'

/** Sets or clears the caller's own scores for a touchpoint (criteria not sent stay as they are). */
export const setMyScoresAction = workspaceAction(myScoresSchema, 'touchpoints.score', (ctx, i) => setMyScores(ctx, i))

/** Sets or clears a touchpoint's importance and/or effort estimate. */
export const setEstimatesAction = workspaceAction(estimatesSchema, 'touchpoints.score', (ctx, i) => setEstimates(ctx, i))

/** Replaces the workspace's priority weights. */
export const setWeightsAction = workspaceAction(weightsSchema, 'scoring.configure', (ctx, i) => setWeights(ctx, i))
