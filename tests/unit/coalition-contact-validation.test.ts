import { describe, expect, it } from "vitest";
import { coalitionSchema, optionalWebField } from "../../app/lib/validation";
import { joinRequestSchema } from "../../app/lib/membership-schemas";

const base = { name: "Net", slug: "net", description: "D", founders: "", visibility: "public", join_policy: "approval", open_roles: ["member"] };

describe("coalition contact fields (issue 19)", () => {
  it("accepts only http(s) web addresses; empty is none", () => {
    expect(optionalWebField.parse("https://example.org/x")).toBe("https://example.org/x");
    expect(optionalWebField.parse("http://example.org")).toBe("http://example.org");
    expect(optionalWebField.parse("")).toBeNull();
    expect(optionalWebField.parse(undefined)).toBeNull();
    for (const bad of ["javascript:alert(1)", "ftp://example.org", "data:text/html,x", "example.org", "https://"]) {
      expect(optionalWebField.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("lower-cases and checks the two email addresses; empty is none", () => {
    const ok = coalitionSchema.parse({ ...base, mailing_list: " List@Example.org ", contact_email: "" });
    expect(ok.mailing_list).toBe("list@example.org");
    expect(ok.contact_email).toBeNull();
    const bad = coalitionSchema.safeParse({ ...base, mailing_list: "nope", contact_email: "a@b" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["contact_email", "mailing_list"]);
  });
});

describe("join request schema (issue 19)", () => {
  const req = { statement: "Hi", stakeholder_group: "civil", organization: "NGO" };
  it("takes an optional region and an opt-in to save to the profile", () => {
    expect(joinRequestSchema.parse(req)).toMatchObject({ region: null, save_profile: false });
    expect(joinRequestSchema.parse({ ...req, region: "weog", save_profile: "on" })).toMatchObject({ region: "weog", save_profile: true });
    expect(joinRequestSchema.safeParse({ ...req, region: "mars" }).success).toBe(false);
  });
});
