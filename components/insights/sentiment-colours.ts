/** Sentiment colours of the insight charts (bars and their legend). */
export const SENTIMENT_COLOURS = { negative: '#dc2626', neutral: '#94a3b8', positive: '#059669' } as const
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const
export type Sentiment = (typeof SENTIMENTS)[number]
