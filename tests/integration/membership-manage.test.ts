import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onDomainEvent } from "../../app/models/events.server";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
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

async function pendingRequest(coalitionId: string, user: TestUser, group = "civil") {
  const id = newId();
  await getDb()
    .insertInto("join_requests")
    .values({ id, coalition_id: coalitionId, user_id: user.id, statement: "Please let me in.", stakeholder_group: group as never, organization: "Org", status: "pending", decided_by: null, decided_role: null, decision_reason: null, created_at: now(), decided_at: null })
    .execute();
  return id;
}

async function membershipId(coalitionId: string, userId: string) {
  return (await getDb().selectFrom("memberships").select("id").where("coalition_id", "=", coalitionId).where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
}

/** A coalition with two coordinators, a member, an observer and a pending request. */
async function world(visibility: "public" | "private" = "public") {
  const coalition = await createCoalition({ visibility, join_policy: "approval" });
  const [coordA, coordB, member, observer, outsider, requester] = await Promise.all([
    createUser({ name: "Coord A" }), createUser({ name: "Coord B" }), createUser({ name: "Mem Ber" }),
    createUser({ name: "Obs Erver" }), createUser({ name: "Out Sider" }), createUser({ name: "Re Quester" }),
  ]);
  await addMember(coalition.id, coordA.id, "coordinator");
  await addMember(coalition.id, coordB.id, "coordinator");
  await addMember(coalition.id, member.id, "member");
  await addMember(coalition.id, observer.id, "observer");
  const requestId = await pendingRequest(coalition.id, requester);
  const invitationId = newId();
  await getDb().insertInto("invitations").values({ id: invitationId, coalition_id: coalition.id, email: "someone@example.org", role: "member", token_hash: newId(40), invited_by: coordA.id, expires_at: new Date(Date.now() + 86_400_000).toISOString(), accepted_at: null, accepted_by: null, revoked_at: null, created_at: now() }).execute();
  return { coalition, coordA, coordB, member, observer, outsider, requester, requestId, invitationId, path: `/coalitions/${coalition.slug}/members` };
}

describe("members page: who sees what", () => {
  it("shows names and roles to everyone on a public coalition, emails and the queue only to coordinators", async () => {
    const w = await world("public");
    const anon = await new TestClient(server.url).get(w.path);
    expect(anon.status).toBe(200);
    const anonHtml = await anon.text();
    expect(anonHtml).toContain("Coord A");
    expect(anonHtml).not.toContain(w.member.email);
    expect(anonHtml).not.toContain("Requests to join");

    const obs = await (await clientAs(server.url, w.observer.id)).get(w.path);
    const obsHtml = await obs.text();
    expect(obs.status).toBe(200);
    expect(obsHtml).not.toContain(w.member.email);
    expect(obsHtml).not.toContain("Requests to join");
    expect(obsHtml).not.toContain("Audit log");
    expect(obsHtml).not.toContain("Re Quester");

    const coord = await (await clientAs(server.url, w.coordA.id)).get(w.path);
    const html = await coord.text();
    expect(html).toContain(w.member.email);
    expect(html).toContain("Requests to join");
    expect(html).toContain("Re Quester");
    expect(html).toContain("someone@example.org");
    expect(html).toContain("Audit log");
  });

  it("answers 404 on a private coalition to visitors and non-members, for the page and every action", async () => {
    const w = await world("private");
    expect((await new TestClient(server.url).get(w.path)).status).toBe(404);
    const outsider = await clientAs(server.url, w.outsider.id);
    expect((await outsider.get(w.path)).status).toBe(404);
    const before = await membershipSnapshot();
    expect((await outsider.post(w.path, { intent: "approve", requestId: w.requestId, role: "member" })).status).toBe(404);
    expect((await outsider.post(w.path, { intent: "invite", email: "x@example.org", role: "member" })).status).toBe(404);
    expect(await membershipSnapshot()).toEqual(before);
    expect((await (await clientAs(server.url, w.observer.id)).get(w.path)).status).toBe(200);
  });
});

describe("coordinator actions refused to others", () => {
  it("gives a member and an observer 403 for every coordinator action and changes nothing", async () => {
    const w = await world();
    const targetId = await membershipId(w.coalition.id, w.observer.id);
    const attempts: Array<Record<string, string>> = [
      { intent: "approve", requestId: w.requestId, role: "member" },
      { intent: "decline", requestId: w.requestId, reason: "no" },
      { intent: "invite", email: "new@example.org", role: "coordinator" },
      { intent: "revoke", invitationId: w.invitationId },
      { intent: "change-role", membershipId: targetId, role: "coordinator" },
      { intent: "remove", membershipId: targetId },
      { intent: "appoint", email: w.member.email },
    ];
    const before = await membershipSnapshot();
    for (const who of [w.member, w.observer]) {
      const client = await clientAs(server.url, who.id);
      for (const form of attempts) {
        const res = await client.post(w.path, form);
        expect(res.status, `${who.name} ${form.intent}`).toBe(403);
      }
    }
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("sends a visitor to log in and changes nothing", async () => {
    const w = await world();
    const before = await membershipSnapshot();
    const res = await new TestClient(server.url).post(w.path, { intent: "approve", requestId: w.requestId, role: "member" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("refuses ids from another coalition (404) without acting on them", async () => {
    const here = await world();
    const there = await world();
    const coord = await clientAs(server.url, here.coordA.id);
    const foreignMember = await membershipId(there.coalition.id, there.member.id);
    const before = await membershipSnapshot();
    const foreign: Array<Record<string, string>> = [
      { intent: "approve", requestId: there.requestId, role: "member" },
      { intent: "decline", requestId: there.requestId, reason: "Not here" },
      { intent: "change-role", membershipId: foreignMember, role: "observer" },
      { intent: "remove", membershipId: foreignMember },
      { intent: "revoke", invitationId: there.invitationId },
    ];
    for (const form of foreign) {
      const res = await coord.post(here.path, form);
      expect(res.status, form.intent).toBe(404);
    }
    expect(await membershipSnapshot()).toEqual(before);
  });
});

describe("bad input", () => {
  it("answers 400 with a message for unknown roles, missing reasons and malformed emails; nothing is written", async () => {
    const w = await world();
    const coord = await clientAs(server.url, w.coordA.id);
    const target = await membershipId(w.coalition.id, w.member.id);
    const before = await membershipSnapshot();
    const cases: Array<[Record<string, string>, string]> = [
      [{ intent: "approve", requestId: w.requestId, role: "overlord" }, "Choose coordinator, member or observer."],
      [{ intent: "change-role", membershipId: target, role: "admin" }, "Choose coordinator, member or observer."],
      [{ intent: "decline", requestId: w.requestId, reason: "   " }, "Give a reason"],
      [{ intent: "decline", requestId: w.requestId, reason: "x".repeat(2001) }, "at most 1,000"],
      [{ intent: "invite", email: "not-an-email", role: "member" }, "Enter a valid email address"],
      [{ intent: "invite", email: "a@example.org", role: "king" }, "Choose coordinator, member or observer."],
      [{ intent: "remove", membershipId: "" }, "Missing id."],
    ];
    for (const [form, message] of cases) {
      const res = await coord.post(w.path, form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect((await coord.post(w.path, { intent: "frobnicate" })).status).toBe(400);
    expect(await membershipSnapshot()).toEqual(before);
  });
});

describe("approving, declining, changing roles, removing", () => {
  it("approves a request in the chosen role: membership, audit row, event after commit", async () => {
    const w = await world();
    const rec = recordMembershipEvents();
    // A second, read-only SQLite connection sees only committed data: read it synchronously
    // inside the listener to prove the event is emitted after the commit, not before.
    const seenAtEmit: Array<string | null> = [];
    const reader = server.databaseUrl.startsWith("file:") ? new SQLite(server.databaseUrl.slice(5), { readonly: true }) : null;
    const stopCommitted = onDomainEvent((e) => {
      if (e.type !== "membership.changed" || !reader) return;
      const row = reader.prepare("SELECT role FROM memberships WHERE coalition_id = ? AND user_id = ?").get(e.coalitionId, e.userId) as { role: string } | undefined;
      seenAtEmit.push(row?.role ?? null);
    });
    const res = await (await clientAs(server.url, w.coordA.id)).post(w.path, { intent: "approve", requestId: w.requestId, role: "observer" });
    rec.stop();
    stopCommitted();
    reader?.close();
    if (reader) expect(seenAtEmit).toEqual(["observer"]);
    expect(res.status).toBe(302);
    expect(await roleOf(w.coalition.id, w.requester.id)).toBe("observer");
    const request = await getDb().selectFrom("join_requests").selectAll().where("id", "=", w.requestId).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ status: "approved", decided_by: w.coordA.id, decided_role: "observer" });
    expect(await auditActions(w.coalition.id)).toContain("join_request.approved");
    expect(rec.events).toEqual([{ type: "membership.changed", coalitionId: w.coalition.id, userId: w.requester.id, role: "observer" }]);
  });

  it("declines with a reason, recorded in the audit log with who and whom", async () => {
    const w = await world();
    const res = await (await clientAs(server.url, w.coordB.id)).post(w.path, { intent: "decline", requestId: w.requestId, reason: "Please apply through your national chapter." });
    expect(res.status).toBe(302);
    expect(await roleOf(w.coalition.id, w.requester.id)).toBeNull();
    const row = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", w.coalition.id).where("action", "=", "join_request.declined").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_id: w.coordB.id, subject_user_id: w.requester.id, reason: "Please apply through your national chapter." });
    expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const page = await (await (await clientAs(server.url, w.coordA.id)).get(w.path)).text();
    expect(page).toContain("Coord B declined Re Quester&#x27;s request");
    expect(page).toContain("Please apply through your national chapter.");
  });

  it("changes a role and removes a member, each audited and announced (role null on removal)", async () => {
    const w = await world();
    const coord = await clientAs(server.url, w.coordA.id);
    const rec = recordMembershipEvents();
    const target = await membershipId(w.coalition.id, w.member.id);
    expect((await coord.post(w.path, { intent: "change-role", membershipId: target, role: "observer" })).status).toBe(302);
    expect(await roleOf(w.coalition.id, w.member.id)).toBe("observer");
    expect((await coord.post(w.path, { intent: "remove", membershipId: target, reason: "Left the organization" })).status).toBe(302);
    rec.stop();
    expect(await roleOf(w.coalition.id, w.member.id)).toBeNull();
    expect(rec.events).toEqual([
      { type: "membership.changed", coalitionId: w.coalition.id, userId: w.member.id, role: "observer" },
      { type: "membership.changed", coalitionId: w.coalition.id, userId: w.member.id, role: null },
    ]);
    const rows = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", w.coalition.id).where("subject_user_id", "=", w.member.id).orderBy("id").execute();
    expect(rows.map((r) => [r.action, r.actor_id, r.reason])).toEqual([
      ["member.role_changed", w.coordA.id, null],
      ["member.removed", w.coordA.id, "Left the organization"],
    ]);
    expect(JSON.parse(rows[0].detail!)).toEqual({ from: "member", to: "observer" });
  });
});

describe("the last coordinator", () => {
  it("cannot be demoted, removed or leave; the refusal says why and nothing changes", async () => {
    const coalition = await createCoalition();
    const solo = await createUser();
    await addMember(coalition.id, solo.id, "coordinator");
    const client = await clientAs(server.url, solo.id);
    const mine = await membershipId(coalition.id, solo.id);
    const path = `/coalitions/${coalition.slug}/members`;
    const before = await membershipSnapshot();
    const rec = recordMembershipEvents();
    for (const res of [
      await client.post(path, { intent: "change-role", membershipId: mine, role: "member" }),
      await client.post(path, { intent: "remove", membershipId: mine }),
      await client.post(`/coalitions/${coalition.slug}/join`, { intent: "leave" }),
    ]) {
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("A coalition always needs a coordinator");
    }
    rec.stop();
    expect(rec.events).toEqual([]);
    expect(await membershipSnapshot()).toEqual(before);
  });
});

describe("concurrency", () => {
  it("two coordinators demoting each other at once leave exactly one coordinator", async () => {
    for (let round = 0; round < 4; round++) {
      const coalition = await createCoalition();
      const [a, b] = await Promise.all([createUser(), createUser()]);
      await addMember(coalition.id, a.id, "coordinator");
      await addMember(coalition.id, b.id, "coordinator");
      const [ca, cb] = await Promise.all([clientAs(server.url, a.id), clientAs(server.url, b.id)]);
      const [ma, mb] = await Promise.all([membershipId(coalition.id, a.id), membershipId(coalition.id, b.id)]);
      const path = `/coalitions/${coalition.slug}/members`;
      const [ra, rb] = await Promise.all([
        ca.post(path, { intent: "change-role", membershipId: mb, role: "member" }),
        cb.post(path, { intent: "change-role", membershipId: ma, role: "member" }),
      ]);
      const statuses = [ra.status, rb.status].sort();
      expect(statuses[0]).toBe(302);
      expect([403, 409]).toContain(statuses[1]);
      const roles = [await roleOf(coalition.id, a.id), await roleOf(coalition.id, b.id)].sort();
      expect(roles).toEqual(["coordinator", "member"]);
      expect((await auditActions(coalition.id)).filter((x) => x === "member.role_changed")).toHaveLength(1);
    }
  });

  it("concurrent approvals of one request: one wins, the other is told, one membership and one audit row", async () => {
    const w = await world();
    const [ca, cb] = await Promise.all([clientAs(server.url, w.coordA.id), clientAs(server.url, w.coordB.id)]);
    const rec = recordMembershipEvents();
    const results = await Promise.all([
      ca.post(w.path, { intent: "approve", requestId: w.requestId, role: "member" }),
      cb.post(w.path, { intent: "approve", requestId: w.requestId, role: "observer" }),
      ca.post(w.path, { intent: "decline", requestId: w.requestId, reason: "Too late" }),
    ]);
    rec.stop();
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 409, 409]);
    const memberships = await getDb().selectFrom("memberships").selectAll().where("coalition_id", "=", w.coalition.id).where("user_id", "=", w.requester.id).execute();
    const request = await getDb().selectFrom("join_requests").selectAll().where("id", "=", w.requestId).executeTakeFirstOrThrow();
    if (request.status === "approved") {
      expect(memberships).toHaveLength(1);
      expect(memberships[0].role).toBe(request.decided_role);
      expect(rec.events).toHaveLength(1);
    } else {
      expect(request.status).toBe("declined");
      expect(memberships).toHaveLength(0);
      expect(rec.events).toHaveLength(0);
    }
    const decided = (await auditActions(w.coalition.id)).filter((a) => a === "join_request.approved" || a === "join_request.declined");
    expect(decided).toHaveLength(1);
  });
});

describe("site administrators", () => {
  it("appoint the first coordinator by the email of an existing account", async () => {
    const coalition = await createCoalition();
    const admin = await createUser({ isSiteAdmin: true });
    const future = await createUser({ name: "Future Coordinator" });
    const path = `/coalitions/${coalition.slug}/members`;
    const client = await clientAs(server.url, admin.id);
    expect(await (await client.get(path)).text()).toContain("Appoint a coordinator");

    const before = await membershipSnapshot();
    const unknown = await client.post(path, { intent: "appoint", email: "nobody-here@example.org" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("No account uses this email");
    const malformed = await client.post(path, { intent: "appoint", email: "nope" });
    expect(malformed.status).toBe(400);
    expect(await membershipSnapshot()).toEqual(before);

    const rec = recordMembershipEvents();
    const res = await client.post(path, { intent: "appoint", email: future.email.toUpperCase() });
    rec.stop();
    expect(res.status).toBe(302);
    expect(await roleOf(coalition.id, future.id)).toBe("coordinator");
    expect(rec.events).toEqual([{ type: "membership.changed", coalitionId: coalition.id, userId: future.id, role: "coordinator" }]);
    const row = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", coalition.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: "coordinator.appointed", actor_id: admin.id, subject_user_id: future.id });

    // A coordinator is not a site administrator: appointing stays with the admins.
    const other = await createUser();
    const asCoordinator = await (await clientAs(server.url, future.id)).post(path, { intent: "appoint", email: other.email });
    expect(asCoordinator.status).toBe(403);
    expect(await roleOf(coalition.id, other.id)).toBeNull();
  });
});

describe("audit log paging", () => {
  it("shows the newest 20 first and pages back", async () => {
    const w = await world();
    const coord = await clientAs(server.url, w.coordA.id);
    const target = await membershipId(w.coalition.id, w.observer.id);
    for (let i = 0; i < 11; i++) {
      expect((await coord.post(w.path, { intent: "change-role", membershipId: target, role: i % 2 ? "observer" : "member" })).status).toBe(302);
    }
    expect((await coord.post(w.path, { intent: "decline", requestId: w.requestId, reason: "Newest event" })).status).toBe(302);
    for (let i = 0; i < 10; i++) {
      expect((await coord.post(w.path, { intent: "invite", email: `p${i}@example.org`, role: "member" })).status).toBe(200);
    }
    // 11 role changes, 1 decline, 10 invitations = 22 events: the decline sits at position 11.
    const first = await (await coord.get(w.path)).text();
    expect(first).toContain("22 events");
    expect(first).toContain("Page 1 of 2");
    expect(first.indexOf("invited p9@example.org")).toBeLessThan(first.indexOf("invited p0@example.org"));
    const second = await (await coord.get(`${w.path}?audit=2`)).text();
    expect(second).toContain("Page 2 of 2");
    expect(second).toContain("changed Obs Erver&#x27;s role from observer to member");
    expect(second).not.toContain("invited p9@example.org");
  });
});

describe("archived coalitions", () => {
  it("refuse management (403) and new members, but people can still leave", async () => {
    const w = await world();
    await getDb().updateTable("coalitions").set({ archived_at: now() }).where("id", "=", w.coalition.id).execute();
    const coord = await clientAs(server.url, w.coordA.id);
    const before = await membershipSnapshot();
    const target = await membershipId(w.coalition.id, w.observer.id);
    const forms: Array<Record<string, string>> = [
      { intent: "approve", requestId: w.requestId, role: "member" },
      { intent: "invite", email: "late@example.org", role: "member" },
      { intent: "change-role", membershipId: target, role: "member" },
    ];
    for (const form of forms) {
      const res = await coord.post(w.path, form);
      expect(res.status, form.intent).toBe(403);
      expect(await res.text()).toContain("archived");
    }
    const outsider = await clientAs(server.url, w.outsider.id);
    expect((await outsider.post(`/coalitions/${w.coalition.slug}/join`, { intent: "request", statement: "Hi", stakeholder_group: "civil", organization: "X" })).status).toBe(403);
    expect(await membershipSnapshot()).toEqual(before);
    expect(await (await coord.get(w.path)).text()).not.toContain("Requests to join");

    const leave = await (await clientAs(server.url, w.member.id)).post(`/coalitions/${w.coalition.slug}/join`, { intent: "leave" });
    expect(leave.status).toBe(302);
    expect(await roleOf(w.coalition.id, w.member.id)).toBeNull();
  });
});
