import { describe, expect, it } from "vitest";
import {
  changePasswordSchema,
  coalitionSchema,
  fieldErrors,
  formToObject,
  loginSchema,
  profileSchema,
  signupSchema,
} from "../../app/lib/validation";

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0]);

describe("signupSchema", () => {
  it("accepts good input, trims the name and lower-cases the email", () => {
    const r = signupSchema.safeParse({ name: "  Ada Lovelace ", email: " Ada@Example.ORG ", password: "a long passphrase" });
    expect(r.success).toBe(true);
    // No handle typed: null, and sign-up builds one from the name.
    expect(r.data).toEqual({ name: "Ada Lovelace", email: "ada@example.org", password: "a long passphrase", handle: null });
  });

  it("puts a message on each bad field", () => {
    const r = signupSchema.safeParse({ name: "   ", email: "not-an-email", password: "short" });
    expect(errorsOf(r)).toEqual({
      name: "Enter your name.",
      email: expect.stringContaining("valid email"),
      password: "Use at least 8 characters.",
    });
  });

  it("refuses missing fields with readable messages, and passwords over 256 characters", () => {
    expect(errorsOf(signupSchema.safeParse({}))).toMatchObject({ name: "Enter your name.", email: expect.any(String), password: "Choose a password." });
    expect(errorsOf(signupSchema.safeParse({ name: "A", email: "a@example.org", password: "x".repeat(257) }))).toEqual({
      password: "Use at most 256 characters.",
    });
    // Exactly 8 and exactly 256 are fine; spaces and emoji count as characters.
    expect(signupSchema.safeParse({ name: "A", email: "a@example.org", password: "12345678" }).success).toBe(true);
    expect(signupSchema.safeParse({ name: "A", email: "a@example.org", password: "🔑 ".repeat(64) + "x".repeat(64) }).success).toBe(true);
  });
});

describe("loginSchema", () => {
  it("requires both fields but does not judge password rules (that would leak policy)", () => {
    expect(loginSchema.safeParse({ email: "a@example.org", password: "x" }).success).toBe(true);
    expect(errorsOf(loginSchema.safeParse({ email: "", password: "" }))).toEqual({
      email: "Enter your email address.",
      password: "Enter your password.",
    });
  });
});

describe("profileSchema", () => {
  it("accepts the fixed stakeholder groups and regions, and turns blanks into null", () => {
    const r = profileSchema.safeParse({ name: "Ada", organization: "  ", stakeholder_group: "civil", region: "" });
    expect(r.data).toEqual({ name: "Ada", organization: null, stakeholder_group: "civil", region: null });
    const full = profileSchema.safeParse({ name: "Ada", organization: "ISOC", stakeholder_group: "technical", region: "weog" });
    expect(full.data).toEqual({ name: "Ada", organization: "ISOC", stakeholder_group: "technical", region: "weog" });
  });

  it("refuses values outside the lists and over-long text", () => {
    const r = profileSchema.safeParse({ name: "", organization: "x".repeat(201), stakeholder_group: "lobbyists", region: "mars" });
    expect(errorsOf(r)).toEqual({
      name: "Enter your name.",
      organization: "Use at most 200 characters.",
      stakeholder_group: "Choose a stakeholder group from the list.",
      region: "Choose a region from the list.",
    });
  });

  it("drops fields that are not part of the profile (no mass assignment)", () => {
    const r = profileSchema.safeParse({ name: "Ada", is_site_admin: "1", email: "evil@example.org" });
    expect(r.success).toBe(true);
    expect(Object.keys(r.data!)).toEqual(["name", "organization", "stakeholder_group", "region"]);
  });
});

describe("changePasswordSchema", () => {
  it("accepts matching new passwords", () => {
    expect(changePasswordSchema.safeParse({ current_password: "old", new_password: "new passphrase", confirm_password: "new passphrase" }).success).toBe(true);
  });

  it("reports a missing current password, a short new one and a mismatch on their fields", () => {
    expect(errorsOf(changePasswordSchema.safeParse({ current_password: "", new_password: "short", confirm_password: "short" }))).toEqual({
      current_password: "Enter your current password.",
      new_password: "Use at least 8 characters.",
    });
    expect(errorsOf(changePasswordSchema.safeParse({ current_password: "old", new_password: "new passphrase", confirm_password: "other one" }))).toEqual({
      confirm_password: "The two new passwords do not match.",
    });
  });
});

describe("coalitionSchema", () => {
  const good = {
    name: "  Net Neutrality ",
    slug: "Net-Neutrality",
    description: "A coalition on net neutrality.",
    founders: "ISOC, EFF\n  Council of Europe \n,",
    visibility: "public",
    join_policy: "open",
    open_roles: ["observer", "observer"],
  };

  it("normalises good input: trimmed name, lower-case slug, founders list, unique roles", () => {
    const r = coalitionSchema.safeParse(good);
    expect(r.data).toEqual({
      name: "Net Neutrality",
      slug: "net-neutrality",
      description: "A coalition on net neutrality.",
      founders: ["ISOC", "EFF", "Council of Europe"],
      visibility: "public",
      join_policy: "open",
      open_roles: ["observer"],
      // Optional public contact fields, not given: null.
      mailing_list: null,
      website: null,
      contact_email: null,
      // Observers may not comment unless the coordinators say so (issue 23).
      observers_may_comment: false,
    });
  });

  it("refuses bad slugs, unknown choices and an empty description", () => {
    for (const slug of ["a", "has space", "-lead", "trail-", "double--hyphen", "ünïcode", "x".repeat(61)]) {
      expect(errorsOf(coalitionSchema.safeParse({ ...good, slug })), slug).toHaveProperty("slug");
    }
    const r = coalitionSchema.safeParse({ ...good, description: " ", visibility: "secret", join_policy: "lottery", open_roles: ["coordinator"] });
    expect(errorsOf(r)).toEqual({
      description: "Describe the coalition in a sentence or two.",
      visibility: "Choose public or private.",
      join_policy: "Choose how people join.",
      open_roles: "Open joining grants member or observer.",
    });
  });

  it("needs at least one role for open joining, and keeps both on record for other policies", () => {
    expect(errorsOf(coalitionSchema.safeParse({ ...good, open_roles: [] }))).toEqual({ open_roles: "Choose at least one role that people who join get." });
    expect(coalitionSchema.safeParse({ ...good, join_policy: "approval", open_roles: [] }).data?.open_roles).toEqual(["member", "observer"]);
  });

  it("limits the founders list", () => {
    expect(errorsOf(coalitionSchema.safeParse({ ...good, founders: Array.from({ length: 31 }, (_, i) => `Org ${i}`).join(",") }))).toHaveProperty("founders");
    expect(errorsOf(coalitionSchema.safeParse({ ...good, founders: "x".repeat(121) }))).toHaveProperty("founders");
  });
});

describe("formToObject", () => {
  it("collects repeated keys into arrays only where asked, and gives absent arrays as []", () => {
    const form = new FormData();
    form.append("name", "A");
    form.append("open_roles", "member");
    form.append("open_roles", "observer");
    form.append("tag", "1");
    form.append("tag", "2");
    expect(formToObject(form, ["open_roles", "missing"])).toEqual({ name: "A", open_roles: ["member", "observer"], tag: "2", missing: [] });
  });
});
