import { z } from "zod";
import { OPEN_ROLES } from "../../common/roles";
import { msg, t } from "./i18n/messages";
import { roleChoice } from "./i18n/vocabulary";
import { STAKEHOLDER_GROUP_IDS } from "./stakeholders";
import { coalitionRoleField, emailField, regionField } from "./validation";

// Form schemas of the membership pages (join, members, invitations). Server-validated always.

export const STATEMENT_MAX = 1000;
export const REASON_MAX = 1000;
export const INVITATION_DAYS = 14;

const idField = z.string(msg("members.error.missingId")).trim().min(1, msg("members.error.missingId")).max(64, msg("members.error.invalidId"));

const reason = (required: boolean) =>
  z
    .string()
    .trim()
    .max(REASON_MAX, msg("members.error.reasonTooLong", { max: REASON_MAX }))
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => !required || v !== null, msg("members.error.reasonRequired"));

export const joinRequestSchema = z.object({
  statement: z
    .string(msg("join.error.statementRequired"))
    .trim()
    .min(1, msg("join.error.statementRequired"))
    .max(STATEMENT_MAX, msg("join.error.statementTooLong", { max: STATEMENT_MAX })),
  stakeholder_group: z.enum(STAKEHOLDER_GROUP_IDS, msg("join.error.groupRequired")),
  organization: z
    .string(msg("join.error.organizationRequired"))
    .trim()
    .min(1, msg("join.error.organizationRequired"))
    .max(200, msg("join.error.organizationTooLong", { max: 200 })),
  region: regionField,
  /** "on": also save stakeholder group, organization and region to the profile. */
  save_profile: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

export const openJoinSchema = z.object({ role: z.enum(OPEN_ROLES, { error: () => t("join.error.chooseRole", { roles: roleChoice(OPEN_ROLES) }) }) });

export const withdrawSchema = z.object({ requestId: idField });

export const approveSchema = z.object({ requestId: idField, role: coalitionRoleField });
export const declineSchema = z.object({ requestId: idField, reason: reason(true) });
export const inviteSchema = z.object({ email: emailField, role: coalitionRoleField });
export const revokeSchema = z.object({ invitationId: idField });
export const changeRoleSchema = z.object({ membershipId: idField, role: coalitionRoleField });
export const removeSchema = z.object({ membershipId: idField, reason: reason(false) });
export const appointSchema = z.object({ email: emailField });

/** Invitation tokens are 32 random bytes in base64url: 43 characters. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
