import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// /settings/profile: name, organization, stakeholder group, region.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const userRow = (id: string) => getDb().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const fieldError = (html: string, name: string) => new RegExp(`id="field-${name}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
const selected = (html: string, name: string) =>
  new RegExp(`<select[^>]*name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0].match(/<option[^>]*value="([^"]*)"[^>]*selected/)?.[1];

describe("profile", () => {
  it("needs sign-in: anonymous visitors are sent to log in and back", async () => {
    const res = await new TestClient(server.url).get("/settings/profile");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fsettings%2Fprofile");
    const post = await new TestClient(server.url).post("/settings/profile", { intent: "profile", name: "Nobody" });
    expect(post.status).toBe(302);
  });

  it("saves name, organization, stakeholder group and region, and the header shows the new name", async () => {
    const user = await createUser({ name: "Old Name" });
    const client = new TestClient(server.url);
    await client.login(user);
    const page = await (await client.get("/settings/profile")).text();
    expect(page).toContain('value="Old Name"');
    expect(page).toContain(user.email);

    const res = await client.post("/settings/profile", {
      intent: "profile",
      name: "  Ada Lovelace ",
      organization: "Analytical Engines Ltd",
      stakeholder_group: "academic",
      region: "weog",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/profile?saved=profile");
    expect(await userRow(user.id)).toMatchObject({ name: "Ada Lovelace", organization: "Analytical Engines Ltd", stakeholder_group: "academic", region: "weog" });

    const after = await (await client.get("/settings/profile?saved=profile")).text();
    expect(after).toContain("Your profile is saved.");
    expect(after).toMatch(/data-testid="signed-in-as"[^>]*>Ada Lovelace</);
    expect(after).toContain('value="Analytical Engines Ltd"');
    expect(selected(after, "stakeholder_group")).toBe("academic");
    expect(selected(after, "region")).toBe("weog");

    // Blank optional fields clear them.
    await client.post("/settings/profile", { intent: "profile", name: "Ada Lovelace", organization: "", stakeholder_group: "", region: "" });
    expect(await userRow(user.id)).toMatchObject({ organization: null, stakeholder_group: null, region: null });
  });

  it("refuses bad input with 400, per-field messages and the typed values kept, and changes nothing", async () => {
    const user = await createUser({ name: "Steady Name", organization: "Steady Org", stakeholder_group: "civil", region: "african" });
    const client = new TestClient(server.url);
    await client.login(user);
    const before = await userRow(user.id);
    const res = await client.post("/settings/profile", {
      intent: "profile",
      name: "",
      organization: `Org <b>${"x".repeat(200)}</b>`,
      stakeholder_group: "lobbyists",
      region: "atlantis",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "name")).toBe("Enter your name.");
    expect(fieldError(html, "organization")).toBe("Use at most 200 characters.");
    expect(fieldError(html, "stakeholder_group")).toBe("Choose a stakeholder group from the list.");
    expect(fieldError(html, "region")).toBe("Choose a region from the list.");
    // The typed organization comes back escaped, not as markup.
    expect(html).toContain(`value="Org &lt;b&gt;${"x".repeat(200)}&lt;/b&gt;"`);
    expect(await userRow(user.id)).toEqual(before);
  });

  it("ignores fields that are not part of the profile (no mass assignment)", async () => {
    const user = await createUser({ name: "Plain User" });
    const client = new TestClient(server.url);
    await client.login(user);
    const res = await client.post("/settings/profile", {
      intent: "profile",
      name: "Plain User",
      is_site_admin: "1",
      email: "takeover@example.org",
      password_hash: "x",
    });
    expect(res.status).toBe(302);
    const row = await userRow(user.id);
    expect(row).toMatchObject({ is_site_admin: 0, email: user.email });
    expect(row.password_hash).not.toBe("x");
  });

  it("refuses a bad new password on its field without echoing any password", async () => {
    const user = await createUser();
    const client = new TestClient(server.url);
    await client.login(user);
    const hashBefore = (await userRow(user.id)).password_hash;
    const short = await client.post("/settings/profile", { intent: "password", current_password: user.password, new_password: "tiny", confirm_password: "tiny" });
    expect(short.status).toBe(400);
    expect(fieldError(await short.text(), "new_password")).toBe("Use at least 8 characters.");
    const common = await client.post("/settings/profile", { intent: "password", current_password: user.password, new_password: "password1", confirm_password: "password1" });
    expect(common.status).toBe(400);
    expect(fieldError(await common.text(), "new_password")).toMatch(/too common/);
    const mismatch = await client.post("/settings/profile", {
      intent: "password",
      current_password: user.password,
      new_password: "first new passphrase",
      confirm_password: "second new passphrase",
    });
    expect(mismatch.status).toBe(400);
    const html = await mismatch.text();
    expect(fieldError(html, "confirm_password")).toBe("The two new passwords do not match.");
    for (const secret of [user.password, "first new passphrase", "second new passphrase"]) expect(html).not.toContain(secret);
    expect((await userRow(user.id)).password_hash).toBe(hashBefore);
  });
});
