import type { Octokit } from './types.js';

/** One delivery attempt as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  id: number;
  /** X-GitHub-Delivery: shared by a delivery and its redeliveries. */
  guid: string;
  deliveredAt: string;
  redelivery: boolean;
  statusCode: number;
  event: string;
}

/**
 * One page (newest first, 100 a page) of the app's webhook deliveries; app (JWT) auth.
 * `cursor` comes from the previous page's `next`.
 */
export async function listHookDeliveries(appOctokit: Octokit, cursor?: string): Promise<{ deliveries: HookDelivery[]; next?: string }> {
  const { data, headers } = await appOctokit.rest.apps.listWebhookDeliveries({ per_page: 100, ...(cursor ? { cursor } : {}) });
  const next = /[?&]cursor=([^&>]+)[^>]*>;\s*rel="next"/.exec(headers.link ?? '')?.[1];
  return {
    deliveries: data.map((d) => ({ id: d.id, guid: d.guid, deliveredAt: d.delivered_at, redelivery: d.redelivery, statusCode: d.status_code, event: d.event })),
    ...(next ? { next: decodeURIComponent(next) } : {}),
  };
}

/** Asks GitHub to send one delivery again (`POST /app/hook/deliveries/{id}/attempts`); app (JWT) auth. */
export async function redeliverHookDelivery(appOctokit: Octokit, deliveryId: number): Promise<void> {
  await appOctokit.rest.apps.redeliverWebhookDelivery({ delivery_id: deliveryId });
}
