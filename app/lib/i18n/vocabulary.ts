import { COALITION_ROLES, type CoalitionRole } from "../../../common/roles";
import { formatList } from "./format";
import { t, type MessageId } from "./messages";

// Words every area uses, in the current language: the coalition roles. (Stakeholder groups and
// regions are named by stakeholderLabel / regionLabel in app/lib/stakeholders.ts.)

/** "Coordinator", "Membre", "Наблюдатель"… */
export function roleName(role: CoalitionRole): string {
  return t(`roles.${role}` as MessageId);
}

/** The same in the middle of a sentence ("member" in English; languages without case give the same word). */
export function roleWord(role: CoalitionRole): string {
  return t(`roles.word.${role}` as MessageId);
}

/** "coordinator, member or observer" in the current language. */
export function roleChoice(roles: readonly CoalitionRole[] = COALITION_ROLES): string {
  return formatList(roles.map(roleWord), "disjunction");
}
