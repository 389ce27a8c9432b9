/**
 * What Northwind's team knows about its touchpoints: customer insights from
 * every source, the team's scores and estimates, and a few colleagues who
 * score and comment. Pure data; lib/demo/seed-demo.ts writes it through the
 * same services as the app (createInsights, setMyScores, setEstimates,
 * addComment).
 */
import type { Criterion } from '@/lib/evaluation/model'
import type { InsightSource, InsightStatus, InsightType, Sentiment } from '@/lib/insights/model'

/** Colleagues of the demo user (members who cannot sign in: their addresses are not real). */
export const NORTHWIND_TEAM = [
  { key: 'mia', name: 'Mia Marketing', email: 'mia@northwind.example', role: 'manager', department: 'Marketing' },
  { key: 'sam', name: 'Sam Support', email: 'sam@northwind.example', role: 'editor', department: 'Support' },
  { key: 'olu', name: 'Olu Operations', email: 'olu@northwind.example', role: 'editor', department: 'Operations' },
] as const
export type TeamKey = (typeof NORTHWIND_TEAM)[number]['key'] | 'demo'

/** Touchpoints nobody owns yet (the overview counts them; the map flags them). */
export const NORTHWIND_UNOWNED = ['music-scent', 'car-park', 'thank-you-card']

export type DemoInsight = {
  title: string
  body: string
  type: InsightType
  source: InsightSource
  sentiment: Sentiment
  daysAgo: number
  touchpoints: string[]
  topics: string[]
  status?: InsightStatus
  by: TeamKey
  sourceUrl?: string
}

export const NORTHWIND_INSIGHTS: DemoInsight[] = [
  { title: 'Delivery slots are missed without notice', body: 'Eleven calls to the hotline this week about drivers arriving outside the two-hour slot. Customers took time off work and nobody told them the van was late.', type: 'complaint', source: 'support', sentiment: 'negative', daysAgo: 1, touchpoints: ['delivery-driver', 'shipping-notification', 'hotline'], topics: ['delivery', 'promises'], by: 'sam' },
  { title: 'Checkout asks for the address twice', body: 'Analytics shows 18% of mobile sessions drop at the delivery step; session recordings show people retyping the address that the account already holds.', type: 'weakness', source: 'analytics', sentiment: 'negative', daysAgo: 2, touchpoints: ['checkout', 'customer-account'], topics: ['mobile', 'conversion'], status: 'in_review', by: 'mia' },
  { title: 'Parents love the play corner in the store', body: 'Survey free text: "The kids play while we choose a sofa, that is why we come to you and not the big box store." Mentioned by 40 of 310 respondents.', type: 'praise', source: 'survey', sentiment: 'positive', daysAgo: 3, touchpoints: ['store', 'store-staff'], topics: ['families', 'store experience'], by: 'demo' },
  { title: 'Invoice email lands in spam for business buyers', body: 'Three business customers told their account manager that invoices went to spam; one paid late and got a reminder fee. Our sending domain lacks DMARC alignment.', type: 'weakness', source: 'sales_conversation', sentiment: 'negative', daysAgo: 4, touchpoints: ['invoice-email', 'statement'], topics: ['b2b', 'email deliverability'], status: 'actioned', by: 'demo' },
  { title: 'Price comparison shows last week’s price', body: 'The feed to the comparison site updates once a week, so the listing showed a higher price than the shop for five days; two customers asked for the difference at the till.', type: 'weakness', source: 'price_comparison', sentiment: 'negative', daysAgo: 5, touchpoints: ['price-comparison', 'till'], topics: ['pricing', 'promises'], by: 'mia' },
  { title: 'Reviews praise the assembly fitters', body: 'Review portal: 27 five-star reviews this quarter name the assembly team: on time, tidy, took the packaging away.', type: 'praise', source: 'review_site', sentiment: 'positive', daysAgo: 6, touchpoints: ['installation', 'review-portal'], topics: ['service'], by: 'olu', sourceUrl: 'https://reviews.example/northwind' },
  { title: 'Hold music loops every 20 seconds', body: 'Customers on social media joke about the hold loop; average wait on Mondays is 9 minutes. A call-back option would take the sting out.', type: 'idea', source: 'social_media', sentiment: 'negative', daysAgo: 7, touchpoints: ['phone-menu', 'hotline'], topics: ['waiting time'], by: 'sam' },
  { title: 'Young families want to book a store appointment', body: 'In interviews, five of eight young parents said they would come on a weekday evening if they could book an advisor for 30 minutes.', type: 'opportunity', source: 'survey', sentiment: 'positive', daysAgo: 8, touchpoints: ['store-staff', 'store-locator', 'website'], topics: ['families', 'appointments'], by: 'mia' },
  { title: 'Returns label missing from the parcel', body: 'Support tickets: customers must print a label at home, which many cannot. Competitors put a label in the box.', type: 'complaint', source: 'support', sentiment: 'negative', daysAgo: 9, touchpoints: ['returns', 'packaging'], topics: ['returns'], by: 'sam' },
  { title: 'Loyalty points expire silently', body: 'CRM shows 12,000 members lost points last month without a reminder; complaints follow within a week of expiry.', type: 'weakness', source: 'crm', sentiment: 'negative', daysAgo: 10, touchpoints: ['loyalty', 'member-offers'], topics: ['loyalty', 'promises'], status: 'in_review', by: 'mia' },
  { title: 'Business buyers ask for one consolidated invoice', body: 'Account managers hear it in most quarterly reviews: one monthly invoice across all orders would save the customer’s finance team hours.', type: 'opportunity', source: 'sales_conversation', sentiment: 'neutral', daysAgo: 12, touchpoints: ['statement', 'invoice-email', 'business-portal'], topics: ['b2b'], by: 'demo' },
  { title: 'Product videos raise conversion on sofas', body: 'Product pages with a demo video convert 2.3 times better than those without (8 weeks, 40 products).', type: 'customer_insight', source: 'analytics', sentiment: 'positive', daysAgo: 13, touchpoints: ['product-videos', 'product-page'], topics: ['conversion', 'content'], status: 'actioned', by: 'mia' },
  { title: 'Car park barrier confuses first-time visitors', body: 'Store staff see queues at the barrier on Saturdays; the sign about the free first two hours is hidden behind a pillar.', type: 'weakness', source: 'other', sentiment: 'negative', daysAgo: 14, touchpoints: ['car-park'], topics: ['store experience', 'signage'], by: 'olu' },
  { title: 'Live chat answers outside opening hours would help', body: '32% of chat attempts happen after 8 pm and get an offline form. Most questions are about delivery status.', type: 'opportunity', source: 'analytics', sentiment: 'neutral', daysAgo: 15, touchpoints: ['live-chat', 'help-centre'], topics: ['self-service', 'delivery'], by: 'sam' },
  { title: 'The thank-you card feels personal', body: 'Social posts show customers photographing the handwritten-style thank-you card; several say it made them order again.', type: 'praise', source: 'social_media', sentiment: 'positive', daysAgo: 16, touchpoints: ['thank-you-card'], topics: ['delight'], by: 'mia' },
  { title: 'Store scent too strong near the entrance', body: 'Survey comments (9) say the scent at the entrance is overpowering; two mention headaches.', type: 'complaint', source: 'survey', sentiment: 'negative', daysAgo: 18, touchpoints: ['music-scent', 'store'], topics: ['store experience', 'senses'], by: 'olu' },
  { title: 'Abandoned basket reminder sent after purchase in store', body: 'Customers who bought the same item in a store still get the reminder email, which looks careless. The store till does not tell the web shop.', type: 'weakness', source: 'crm', sentiment: 'negative', daysAgo: 20, touchpoints: ['abandoned-basket', 'till'], topics: ['data', 'omnichannel'], by: 'mia' },
  { title: 'Newsletter open rate fell after the redesign', body: 'Open rate down from 31% to 22% since the template change; subject lines are now truncated on phones.', type: 'weakness', source: 'analytics', sentiment: 'negative', daysAgo: 22, touchpoints: ['newsletter'], topics: ['email', 'mobile'], status: 'dismissed', by: 'mia' },
  { title: 'Warranty claims take three weeks', body: 'Hotline logs: median time from claim to repair appointment is 21 days; customers expect one week.', type: 'complaint', source: 'support', sentiment: 'negative', daysAgo: 25, touchpoints: ['warranty', 'hotline'], topics: ['service', 'waiting time'], by: 'sam' },
  { title: 'Click and collect counter hard to find', body: 'Mystery shopping: 4 of 6 shoppers asked staff where to collect; the counter sign faces the wrong way.', type: 'weakness', source: 'other', sentiment: 'negative', daysAgo: 27, touchpoints: ['click-collect', 'pos-displays'], topics: ['signage', 'omnichannel'], by: 'olu' },
  { title: 'Trade fair leads never hear back', body: 'Of 140 leads from the spring fair, 60 received no follow-up within a month; two complained to the account manager later.', type: 'weakness', source: 'crm', sentiment: 'negative', daysAgo: 30, touchpoints: ['trade-fair', 'sales-rep'], topics: ['b2b', 'follow-up'], by: 'demo' },
  { title: 'Order confirmation could set delivery expectations', body: 'Idea from the hotline team: put the delivery window and how to change it in the confirmation email; a third of calls ask exactly that.', type: 'idea', source: 'support', sentiment: 'neutral', daysAgo: 33, touchpoints: ['order-confirmation', 'delivery-driver'], topics: ['delivery', 'self-service'], by: 'sam' },
]

/** Scores per colleague: touchpoint key -> criterion -> 1..5. */
export const NORTHWIND_SCORES: { by: TeamKey; touchpoint: string; scores: Partial<Record<Criterion, number>> }[] = [
  { by: 'demo', touchpoint: 'checkout', scores: { simplicity: 2, fit: 3, relevance: 4, value: 3, appeal: 3, personalisation: 2, effectiveness: 2 } },
  { by: 'mia', touchpoint: 'checkout', scores: { simplicity: 2, fit: 3, relevance: 5, value: 3, appeal: 2, personalisation: 1, effectiveness: 2 } },
  { by: 'demo', touchpoint: 'delivery-driver', scores: { simplicity: 3, fit: 3, relevance: 5, value: 4, appeal: 3, personalisation: 2, effectiveness: 2 } },
  { by: 'sam', touchpoint: 'delivery-driver', scores: { simplicity: 2, fit: 3, relevance: 5, value: 4, appeal: 2, personalisation: 2, effectiveness: 1 } },
  { by: 'olu', touchpoint: 'delivery-driver', scores: { simplicity: 3, fit: 4, relevance: 5, value: 4, appeal: 3, personalisation: 3, effectiveness: 3 } },
  { by: 'demo', touchpoint: 'store', scores: { simplicity: 4, fit: 5, relevance: 5, value: 5, appeal: 4, personalisation: 3, effectiveness: 4 } },
  { by: 'olu', touchpoint: 'store', scores: { simplicity: 4, fit: 4, relevance: 5, value: 5, appeal: 5, personalisation: 3, effectiveness: 4 } },
  { by: 'sam', touchpoint: 'hotline', scores: { simplicity: 2, fit: 3, relevance: 5, value: 4, appeal: 2, personalisation: 3, effectiveness: 3 } },
  { by: 'demo', touchpoint: 'hotline', scores: { simplicity: 3, fit: 3, relevance: 5, value: 4, appeal: 2, personalisation: 3, effectiveness: 3 } },
  { by: 'mia', touchpoint: 'product-videos', scores: { simplicity: 5, fit: 4, relevance: 4, value: 5, appeal: 5, personalisation: 2, effectiveness: 5 } },
  { by: 'mia', touchpoint: 'newsletter', scores: { simplicity: 3, fit: 3, relevance: 2, value: 2, appeal: 3, personalisation: 2, effectiveness: 2 } },
  { by: 'demo', touchpoint: 'invoice-email', scores: { simplicity: 3, fit: 4, relevance: 4, value: 3, appeal: 2, personalisation: 1, effectiveness: 2 } },
  { by: 'mia', touchpoint: 'loyalty', scores: { simplicity: 2, fit: 4, relevance: 4, value: 3, appeal: 3, personalisation: 4, effectiveness: 3 } },
  { by: 'sam', touchpoint: 'returns', scores: { simplicity: 2, fit: 3, relevance: 5, value: 3, appeal: 2, personalisation: 2, effectiveness: 2 } },
  { by: 'olu', touchpoint: 'installation', scores: { simplicity: 4, fit: 5, relevance: 4, value: 5, appeal: 4, personalisation: 4, effectiveness: 5 } },
  { by: 'sam', touchpoint: 'warranty', scores: { simplicity: 2, fit: 3, relevance: 4, value: 3, appeal: 2, personalisation: 2, effectiveness: 2 } },
  { by: 'olu', touchpoint: 'car-park', scores: { simplicity: 2, fit: 3, relevance: 3, value: 3, appeal: 2, personalisation: 1, effectiveness: 3 } },
  { by: 'mia', touchpoint: 'thank-you-card', scores: { simplicity: 5, fit: 5, relevance: 3, value: 3, appeal: 5, personalisation: 4, effectiveness: 4 } },
]

/** Importance and effort estimates (1..5). */
export const NORTHWIND_ESTIMATES: { touchpoint: string; importance: number; effort: number }[] = [
  { touchpoint: 'checkout', importance: 5, effort: 2 },
  { touchpoint: 'delivery-driver', importance: 5, effort: 4 },
  { touchpoint: 'store', importance: 5, effort: 5 },
  { touchpoint: 'hotline', importance: 4, effort: 3 },
  { touchpoint: 'product-videos', importance: 3, effort: 2 },
  { touchpoint: 'newsletter', importance: 2, effort: 1 },
  { touchpoint: 'invoice-email', importance: 4, effort: 1 },
  { touchpoint: 'loyalty', importance: 4, effort: 3 },
  { touchpoint: 'returns', importance: 4, effort: 2 },
  { touchpoint: 'installation', importance: 3, effort: 4 },
  { touchpoint: 'warranty', importance: 3, effort: 3 },
  { touchpoint: 'car-park', importance: 2, effort: 2 },
  { touchpoint: 'thank-you-card', importance: 2, effort: 1 },
]

/** A few comments on touchpoints; `@<key>` mentions a colleague. */
export const NORTHWIND_COMMENTS: { by: TeamKey; touchpoint: string; body: string; mentions: TeamKey[] }[] = [
  { by: 'sam', touchpoint: 'delivery-driver', body: 'Half of Monday’s hotline calls are late deliveries. Can we text customers when the driver is 30 minutes away? @Olu Operations', mentions: ['olu'] },
  { by: 'olu', touchpoint: 'delivery-driver', body: 'The carrier can send it; I will ask for the API in Thursday’s supplier meeting.', mentions: [] },
  { by: 'mia', touchpoint: 'checkout', body: 'Address prefill is on the web team’s next sprint. @Dana Demo can you confirm the mobile test plan?', mentions: ['demo'] },
]
