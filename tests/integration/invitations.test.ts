import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, DEFAULT_PASSWORD } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { auditActions, clientAs, membershipSnapshot, recordMembershipEvents, roleOf } from "../helpers/membership";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function setup(visibility: "public" | "private" = "private") {
  const coalition = await createCoalition({ visibility, join_policy: "invitation", name: "Invited Coalition" });
  const coord = await createUser({ name: "Ina Viter" });
  await addMember(coalition.id, coord.id, "coordinator");
  const client = await clientAs(server.url, coord.id);
  return { coalition, coord, client, path: `/coalitions/${coalition.slug}/members` };
}

/** Creates an invitation through the members page; returns the token from the link shown. */
async function invite(client: TestClient, path: string, email: string, role = "member") {
  const res = await client.post(path, { intent: "invite", email, role });
  expect(res.status).toBe(200);
  const html = await res.text();
  const input = /<input[^>]*data-testid="invitation-link"[^>]*>/.exec(html)?.[0] ?? "";
  const url = /value="([^"]+)"/.exec(input)?.[1];
  expect(url).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  return url!.split("/invitations/")[1];
}

describe("creating invitations", () => {
  it("shows the link once, stores only the SHA-256 of the token, expires in 14 days, audits", async () => {
    const { coalition, coord, client, path } = await setup();
    const token = await invite(client, path, "  New.Person@Example.org ", "observer");
    const row = await getDb().selectFrom("invitations").selectAll().where("coalition_id", "=", coalition.id).executeTakeFirstOrThrow();
    expect(row.email).toBe("new.person@example.org");
    expect(row.role).toBe("observer");
    expect(row.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    const days = (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 86_400_000;
    expect(days).toBeCloseTo(14, 1);
    const audit = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", coalition.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "invitation.created", actor_id: coord.id, subject_email: "new.person@example.org" });
    expect(audit.detail).not.toContain(token);
    // The page afterwards lists it, without the link.
    const page = await (await client.get(path)).text();
    expect(page).toContain("new.person@example.org");
    expect(page).not.toContain(token);
    // A second open invitation to the same email is refused.
    const again = await client.post(path, { intent: "invite", email: "new.person@example.org", role: "member" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("still open");
  });

  it("refuses malformed emails, unknown roles and existing members, writing nothing", async () => {
    const { client, path, coord } = await setup();
    const before = await membershipSnapshot();
    for (const [form, status, message] of [
      [{ email: "not an email", role: "member" }, 400, "Enter a valid email address"],
      [{ email: "", role: "member" }, 400, "Enter a valid email address"],
      [{ email: "ok@example.org", role: "owner" }, 400, "Choose coordinator, member or observer."],
      [{ email: coord.email, role: "member" }, 409, "already a coordinator"],
    ] as const) {
      const res = await client.post(path, { intent: "invite", ...form });
      expect(res.status).toBe(status);
      expect(await res.text()).toContain(message);
    }
    expect(await membershipSnapshot()).toEqual(before);
  });
});

describe("opening and accepting a link", () => {
  it("a visitor is offered sign-up and log-in that come back to the link; after sign-up the invitee accepts and lands in the coalition", async () => {
    const { coalition, client, path } = await setup();
    const token = await invite(client, path, "fresh@example.org", "member");
    const link = `/invitations/${token}`;
    const visitor = new TestClient(server.url);
    const page = await visitor.get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Invited Coalition");
    expect(html).toContain(`/signup?redirectTo=${encodeURIComponent(link)}`);
    expect(html).toContain(`/login?redirectTo=${encodeURIComponent(link)}`);

    // The mailed verification link signs in and comes back to the invitation.
    const signup = await visitor.signup({ name: "Fresh Person", email: "fresh@example.org", password: DEFAULT_PASSWORD, redirectTo: link });
    expect(signup.headers.get("location")).toBe(link);
    expect(await (await visitor.get(link)).text()).toContain("Accept and join as member");

    const rec = recordMembershipEvents();
    const accepted = await visitor.post(link, {});
    rec.stop();
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/coalitions/${coalition.slug}`);
    const user = await getDb().selectFrom("users").select("id").where("email", "=", "fresh@example.org").executeTakeFirstOrThrow();
    expect(await roleOf(coalition.id, user.id)).toBe("member");
    expect(rec.events).toEqual([{ type: "membership.changed", coalitionId: coalition.id, userId: user.id, role: "member" }]);
    expect(await auditActions(coalition.id)).toEqual(["invitation.created", "invitation.accepted"]);
    const overview = await (await visitor.get(`/coalitions/${coalition.slug}`)).text();
    expect(overview).toContain("You: ");

    // Reused: 410 with a clear message, nothing written.
    const before = await membershipSnapshot();
    const reopened = await visitor.get(link);
    expect(reopened.status).toBe(410);
    expect(await reopened.text()).toContain("already been used");
    const other = await clientAs(server.url, (await createUser({ email: "late@example.org" })).id);
    const reuse = await other.post(link, {});
    expect(reuse.status).toBe(410);
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("signed in as another email: a clear refusal (403) and nothing changes", async () => {
    const { coalition, client, path } = await setup();
    const token = await invite(client, path, "right@example.org");
    const wrong = await createUser({ email: "wrong@example.org" });
    const wrongClient = await clientAs(server.url, wrong.id);
    const page = await wrongClient.get(`/invitations/${token}`);
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain("This invitation is for another email address.");
    expect(html).toContain("wrong@example.org");
    const before = await membershipSnapshot();
    const res = await wrongClient.post(`/invitations/${token}`, {});
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("sent to another email address");
    expect(await membershipSnapshot()).toEqual(before);
    expect(await roleOf(coalition.id, wrong.id)).toBeNull();
    // The right person can still use it afterwards.
    const right = await createUser({ email: "right@example.org" });
    expect((await (await clientAs(server.url, right.id)).post(`/invitations/${token}`, {})).status).toBe(302);
    expect(await roleOf(coalition.id, right.id)).toBe("member");
  });

  it("accepting while not signed in goes to log in and changes nothing", async () => {
    const { client, path } = await setup();
    const token = await invite(client, path, "later@example.org");
    const before = await membershipSnapshot();
    const res = await new TestClient(server.url).post(`/invitations/${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`);
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("expired → 410, revoked → 410, unknown or malformed → 404; nothing is written", async () => {
    const { coalition, client, path } = await setup();
    const invitee = await createUser({ email: "ex@example.org" });
    const inviteeClient = await clientAs(server.url, invitee.id);

    const expired = await invite(client, path, "ex@example.org");
    await getDb().updateTable("invitations").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("coalition_id", "=", coalition.id).execute();
    let before = await membershipSnapshot();
    const e1 = await inviteeClient.get(`/invitations/${expired}`);
    expect(e1.status).toBe(410);
    expect(await e1.text()).toContain("expired");
    expect((await inviteeClient.post(`/invitations/${expired}`, {})).status).toBe(410);
    expect(await membershipSnapshot()).toEqual(before);

    const revoked = await invite(client, path, "ex@example.org"); // the expired one no longer blocks a new one
    const open = await getDb().selectFrom("invitations").select("id").where("coalition_id", "=", coalition.id).where("expires_at", ">", new Date().toISOString()).executeTakeFirstOrThrow();
    expect((await client.post(path, { intent: "revoke", invitationId: open.id })).status).toBe(302);
    expect((await client.post(path, { intent: "revoke", invitationId: open.id })).status).toBe(409);
    before = await membershipSnapshot();
    const r1 = await inviteeClient.get(`/invitations/${revoked}`);
    expect(r1.status).toBe(410);
    expect(await r1.text()).toContain("revoked");
    expect((await inviteeClient.post(`/invitations/${revoked}`, {})).status).toBe(410);

    for (const bad of ["A".repeat(43), "short", "not%20a%20token", "x".repeat(200)]) {
      const res = await inviteeClient.get(`/invitations/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(await res.text()).toContain("not valid");
      expect((await inviteeClient.post(`/invitations/${bad}`, {})).status).toBe(404);
    }
    expect(await membershipSnapshot()).toEqual(before);
    expect(await roleOf(coalition.id, invitee.id)).toBeNull();
    expect(await auditActions(coalition.id)).toEqual(["invitation.created", "invitation.created", "invitation.revoked"]);
  });

  it("revoking another coalition's invitation is refused (404), and a member cannot revoke (403)", async () => {
    const a = await setup();
    const b = await setup();
    await invite(b.client, b.path, "someone@example.org");
    const bInvitation = await getDb().selectFrom("invitations").select("id").where("coalition_id", "=", b.coalition.id).executeTakeFirstOrThrow();
    const before = await membershipSnapshot();
    expect((await a.client.post(a.path, { intent: "revoke", invitationId: bInvitation.id })).status).toBe(404);
    const member = await createUser();
    await addMember(b.coalition.id, member.id, "member");
    const after = await membershipSnapshot();
    expect((await (await clientAs(server.url, member.id)).post(b.path, { intent: "revoke", invitationId: bInvitation.id })).status).toBe(403);
    expect(await membershipSnapshot()).toEqual(after);
    expect(after.invitations).toEqual(before.invitations);
  });

  it("an existing member keeps a higher role when accepting a lower invitation", async () => {
    const { coalition, client, path } = await setup();
    const token = await invite(client, path, "promoted@example.org", "coordinator");
    const user = await createUser({ email: "promoted@example.org" });
    await addMember(coalition.id, user.id, "observer");
    // Inviting an existing member is refused; this one was invited before joining otherwise.
    expect((await (await clientAs(server.url, user.id)).post(`/invitations/${token}`, {})).status).toBe(302);
    expect(await roleOf(coalition.id, user.id)).toBe("coordinator");
  });

  it("accepting settles the invitee's pending request, and an archived coalition's link is dead (410)", async () => {
    const coalition = await createCoalition({ visibility: "public", join_policy: "approval" });
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const client = await clientAs(server.url, coord.id);
    const path = `/coalitions/${coalition.slug}/members`;
    const invitee = await createUser({ email: "asked-too@example.org" });
    const inviteeClient = await clientAs(server.url, invitee.id);
    expect((await inviteeClient.post(`/coalitions/${coalition.slug}/join`, { intent: "request", statement: "Me please", stakeholder_group: "civil", organization: "Org" })).status).toBe(302);
    const token = await invite(client, path, "asked-too@example.org", "member");
    expect((await inviteeClient.post(`/invitations/${token}`, {})).status).toBe(302);
    const request = await getDb().selectFrom("join_requests").selectAll().where("user_id", "=", invitee.id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ status: "approved", decided_role: "member" });
    expect(await (await client.get(path)).text()).toContain("No one is waiting for a decision.");

    const late = await invite(client, path, "too-late@example.org", "member");
    await getDb().updateTable("coalitions").set({ archived_at: new Date().toISOString() }).where("id", "=", coalition.id).execute();
    const lateUser = await createUser({ email: "too-late@example.org" });
    const lateClient = await clientAs(server.url, lateUser.id);
    const before = await membershipSnapshot();
    const page = await lateClient.get(`/invitations/${late}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("archived");
    expect((await lateClient.post(`/invitations/${late}`, {})).status).toBe(410);
    expect(await membershipSnapshot()).toEqual(before);
  });
});
