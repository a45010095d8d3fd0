/** How a person gets mail about a coalition, or about mentions and replies to them (migration 0016). */
export const DELIVERIES = ["immediate", "daily", "weekly", "off"] as const;
export type Delivery = (typeof DELIVERIES)[number];

export function isDelivery(value: unknown): value is Delivery {
  return typeof value === "string" && (DELIVERIES as readonly string[]).includes(value);
}

/** Defaults when a person has chosen nothing: weekly digests on Monday; mentions and replies at once. */
export const DEFAULT_COALITION_DELIVERY: Delivery = "weekly";
export const DEFAULT_PERSONAL_DELIVERY: Delivery = "immediate";
export const DEFAULT_DIGEST_DAY = 1;
