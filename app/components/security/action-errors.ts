import type { SecurityActionData } from "../../lib/second-factor-types";

/** The error the action answered for one form (by intent) and field, if any. */
export function errorFor(answer: SecurityActionData | undefined, intent: string, field: string): string | undefined {
  if (!answer || !("error" in answer) || answer.intent !== intent) return undefined;
  return answer.field === field ? answer.error : undefined;
}
