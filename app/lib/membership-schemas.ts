import { z } from "zod";
import { OPEN_ROLES, roleList } from "../../common/roles";
import { STAKEHOLDER_GROUP_IDS } from "./stakeholders";
import { coalitionRoleField, emailField, regionField } from "./validation";

// Form schemas of the membership pages (join, members, invitations). Server-validated always.

export const STATEMENT_MAX = 1000;
export const REASON_MAX = 1000;
export const INVITATION_DAYS = 14;

const idField = z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64, "Invalid id.");

const reason = (required: boolean) =>
  z
    .string()
    .trim()
    .max(REASON_MAX, `Use at most ${REASON_MAX.toLocaleString("en")} characters.`)
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => !required || v !== null, "Give a reason: the person will see it.");

export const joinRequestSchema = z.object({
  statement: z
    .string({ error: "Say in a few words why you want to join." })
    .trim()
    .min(1, "Say in a few words why you want to join.")
    .max(STATEMENT_MAX, `Keep it short: at most ${STATEMENT_MAX.toLocaleString("en")} characters.`),
  stakeholder_group: z.enum(STAKEHOLDER_GROUP_IDS, { error: "Choose your stakeholder group." }),
  organization: z
    .string({ error: "Name your organization (or write “independent”)." })
    .trim()
    .min(1, "Name your organization (or write “independent”).")
    .max(200, "Use at most 200 characters."),
  region: regionField,
  /** "on": also save stakeholder group, organization and region to the profile. */
  save_profile: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

export const openJoinSchema = z.object({ role: z.enum(OPEN_ROLES, { error: `Choose ${roleList(OPEN_ROLES)}.` }) });

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
