import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
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

const requestForm = (over: Record<string, string> = {}) => ({
  intent: "request",
  statement: "I run the national CERT and want to contribute.",
  stakeholder_group: "technical",
  organization: "CERT Somewhere",
  ...over,
});

describe("approval coalitions", () => {
  it("request → pending (shown with a withdraw button) → withdraw → ask again → declined with a reason the requester sees → ask again", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const user = await createUser({ organization: "Profile Org", stakeholder_group: "academic" });
    const client = await clientAs(server.url, user.id);
    const path = `/coalitions/${coalition.slug}/join`;

    const form = await (await client.get(path)).text();
    expect(form).toContain("Why do you want to join?");
    expect(form).toContain('value="Profile Org"'); // prefilled from the profile

    expect((await client.post(path, requestForm())).status).toBe(302);
    const pending = await (await client.get(path)).text();
    expect(pending).toContain("is waiting for the coordinators");
    expect(pending).toContain("Withdraw my request");
    const again = await client.post(path, requestForm());
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already have a request waiting");

    const first = await getDb().selectFrom("join_requests").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ status: "pending", stakeholder_group: "technical", organization: "CERT Somewhere" });
    expect((await client.post(path, { intent: "withdraw", requestId: first.id })).status).toBe(302);
    expect((await getDb().selectFrom("join_requests").select("status").where("id", "=", first.id).executeTakeFirstOrThrow()).status).toBe("withdrawn");

    expect((await client.post(path, requestForm({ statement: "Second try." }))).status).toBe(302);
    const second = await getDb().selectFrom("join_requests").selectAll().where("user_id", "=", user.id).where("status", "=", "pending").executeTakeFirstOrThrow();
    const coordClient = await clientAs(server.url, coord.id);
    expect((await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "decline", requestId: second.id, reason: "We only take national bodies." })).status).toBe(302);
    const declined = await (await client.get(path)).text();
    expect(declined).toContain("was declined");
    expect(declined).toContain("We only take national bodies.");
    expect(declined).toContain("Send request");
    expect((await client.post(path, requestForm({ statement: "Third try." }))).status).toBe(302);

    expect(await auditActions(coalition.id)).toEqual([
      "join_request.created", "join_request.withdrawn", "join_request.created", "join_request.declined", "join_request.created",
    ]);
  });

  it("a visitor is offered sign-up and log-in that come back to the join page; a visitor's request goes to log in", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const path = `/coalitions/${coalition.slug}/join`;
    const visitor = new TestClient(server.url);
    const html = await (await visitor.get(path)).text();
    expect(html).toContain(`/signup?redirectTo=${encodeURIComponent(path)}`);
    expect(html).toContain(`/login?redirectTo=${encodeURIComponent(path)}`);
    expect(await (await visitor.get(`/coalitions/${coalition.slug}`)).text()).toContain("Request to join");
    const before = await membershipSnapshot();
    const res = await visitor.post(path, requestForm());
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("refuses empty, 2,000+ character statements, unknown groups and missing organizations with 400; nothing is written", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const client = await clientAs(server.url, (await createUser()).id);
    const path = `/coalitions/${coalition.slug}/join`;
    const before = await membershipSnapshot();
    const cases: Array<[Record<string, string>, string]> = [
      [requestForm({ statement: "" }), "Say in a few words why you want to join."],
      [requestForm({ statement: "   " }), "Say in a few words why you want to join."],
      [requestForm({ statement: "x".repeat(2000) }), "at most 1,000 characters"],
      [requestForm({ statement: "x".repeat(5000) }), "at most 1,000 characters"],
      [requestForm({ stakeholder_group: "illuminati" }), "Choose your stakeholder group."],
      [requestForm({ organization: "" }), "Name your organization"],
    ];
    for (const [form, message] of cases) {
      const res = await client.post(path, form);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      if (form.organization) expect(html).toContain(`value="${form.organization}"`); // typed values kept
    }
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("does not let anyone withdraw another person's request, or one from another coalition", async () => {
    const a = await createCoalition();
    const b = await createCoalition();
    const owner = await createUser();
    const ownerClient = await clientAs(server.url, owner.id);
    expect((await ownerClient.post(`/coalitions/${b.slug}/join`, requestForm())).status).toBe(302);
    const request = await getDb().selectFrom("join_requests").select("id").where("user_id", "=", owner.id).executeTakeFirstOrThrow();
    const before = await membershipSnapshot();
    const stranger = await clientAs(server.url, (await createUser()).id);
    expect((await stranger.post(`/coalitions/${b.slug}/join`, { intent: "withdraw", requestId: request.id })).status).toBe(404);
    expect((await ownerClient.post(`/coalitions/${a.slug}/join`, { intent: "withdraw", requestId: request.id })).status).toBe(404);
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("uses the join request's group and organization for members without a profile", async () => {
    const coalition = await createCoalition();
    const coord = await createUser({ stakeholder_group: "government", organization: "Ministry" });
    await addMember(coalition.id, coord.id, "coordinator");
    const user = await createUser({ name: "No Profile" });
    const client = await clientAs(server.url, user.id);
    await client.post(`/coalitions/${coalition.slug}/join`, requestForm({ stakeholder_group: "civil", organization: "Civic Org" }));
    const request = await getDb().selectFrom("join_requests").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    await (await clientAs(server.url, coord.id)).post(`/coalitions/${coalition.slug}/members`, { intent: "approve", requestId: request.id, role: "member" });
    const members = await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}/members`)).text();
    expect(members).toContain("Civic Org");
    expect(members).toContain("Civil society");
    const overview = await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}`)).text();
    expect(overview).toContain("Needs at least 3 stakeholder groups");
    expect(overview).toMatch(/has 2(<!-- -->)? of 5/);
  });
});

describe("open coalitions", () => {
  it("join at once in an open role: membership, audit, event; roles not opened are refused with 400", async () => {
    const coalition = await createCoalition({ join_policy: "open", open_roles: ["observer"] });
    const user = await createUser();
    const client = await clientAs(server.url, user.id);
    const path = `/coalitions/${coalition.slug}/join`;
    const before = await membershipSnapshot();
    for (const role of ["member", "coordinator", "emperor"]) {
      const res = await client.post(path, { intent: "join", role });
      expect(res.status, role).toBe(400);
    }
    expect(await membershipSnapshot()).toEqual(before);
    expect(await (await client.get(path)).text()).toContain("Join as observer");

    const rec = recordMembershipEvents();
    const res = await client.post(path, { intent: "join", role: "observer" });
    rec.stop();
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/coalitions/${coalition.slug}`);
    expect(await roleOf(coalition.id, user.id)).toBe("observer");
    expect(rec.events).toEqual([{ type: "membership.changed", coalitionId: coalition.id, userId: user.id, role: "observer" }]);
    expect(await auditActions(coalition.id)).toEqual(["member.joined"]);
    // A member cannot join again (member:join is for non-members).
    expect((await client.post(path, { intent: "join", role: "observer" })).status).toBe(403);
  });

  it("an approval coalition cannot be joined directly", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const client = await clientAs(server.url, (await createUser()).id);
    const before = await membershipSnapshot();
    expect((await client.post(`/coalitions/${coalition.slug}/join`, { intent: "join", role: "member" })).status).toBe(409);
    expect(await membershipSnapshot()).toEqual(before);
  });
});

describe("invitation-only and private coalitions", () => {
  it("invitation-only explains and has no request button; a forged request is refused", async () => {
    const coalition = await createCoalition({ join_policy: "invitation" });
    const client = await clientAs(server.url, (await createUser()).id);
    const html = await (await client.get(`/coalitions/${coalition.slug}/join`)).text();
    expect(html).toContain("by invitation only");
    expect(html).not.toContain("Send request");
    const overview = await (await client.get(`/coalitions/${coalition.slug}`)).text();
    expect(overview).toContain("Membership is by invitation only.");
    expect(overview).not.toContain("Request to join");
    const before = await membershipSnapshot();
    expect((await client.post(`/coalitions/${coalition.slug}/join`, requestForm())).status).toBe(409);
    expect(await membershipSnapshot()).toEqual(before);
  });

  it("a private coalition's join page is 404 for non-members", async () => {
    const coalition = await createCoalition({ visibility: "private", join_policy: "approval" });
    const client = await clientAs(server.url, (await createUser()).id);
    expect((await client.get(`/coalitions/${coalition.slug}/join`)).status).toBe(404);
    const before = await membershipSnapshot();
    expect((await client.post(`/coalitions/${coalition.slug}/join`, requestForm())).status).toBe(404);
    expect((await client.post(`/coalitions/${coalition.slug}/join`, { intent: "leave" })).status).toBe(404);
    expect(await membershipSnapshot()).toEqual(before);
  });
});

describe("leaving", () => {
  it("a member leaves: membership gone, audit row, event with role null; a visitor gets 404", async () => {
    const coalition = await createCoalition({ visibility: "private" });
    const [coord, member] = await Promise.all([createUser(), createUser()]);
    await addMember(coalition.id, coord.id, "coordinator");
    await addMember(coalition.id, member.id, "member");
    const path = `/coalitions/${coalition.slug}/join`;
    const client = await clientAs(server.url, member.id);
    expect(await (await client.get(`/coalitions/${coalition.slug}`)).text()).toContain("Leave the coalition");
    const rec = recordMembershipEvents();
    const res = await client.post(path, { intent: "leave" });
    rec.stop();
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/"); // private: the coalition is no longer visible to them
    expect(await roleOf(coalition.id, member.id)).toBeNull();
    expect(rec.events).toEqual([{ type: "membership.changed", coalitionId: coalition.id, userId: member.id, role: null }]);
    expect(await auditActions(coalition.id)).toEqual(["member.left"]);
    expect((await client.get(`/coalitions/${coalition.slug}`)).status).toBe(404);
    // A visitor cannot even see a private coalition: 404, not a login prompt that reveals it.
    expect((await new TestClient(server.url).post(path, { intent: "leave" })).status).toBe(404);
  });
});

describe("stakeholder balance and the directory", () => {
  it("shows the chart with text beside it, the rule badge, and the directory's counts and group filter", async () => {
    const coalition = await createCoalition({ name: "Balanced Coalition" });
    const thin = await createCoalition({ name: "Thin Coalition" });
    for (const [group, region] of [["government", "african"], ["civil", "weog"], ["academic", "weog"], ["civil", "asia_pacific"]]) {
      const u = await createUser({ stakeholder_group: group, region });
      await addMember(coalition.id, u.id, "member");
    }
    await addMember(thin.id, (await createUser({ stakeholder_group: "private" })).id, "coordinator");

    const html = await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}`)).text();
    expect(html).toMatch(/Meets the forum(&#x27;|')s rule: 3(<!-- -->)? of (<!-- -->)?5(<!-- -->)? stakeholder groups/);
    expect(html).toContain('data-testid="balance-chart"');
    expect(html).toMatch(/<th scope="row"[^>]*>Civil society<\/th><td[^>]*><bdi>2<\/bdi>/);
    expect(html).toMatch(/<th scope="row"[^>]*>Western European &amp; Others Group<\/th><td[^>]*><bdi>2<\/bdi>/);

    const all = await (await new TestClient(server.url).get("/")).text();
    const card = all.slice(all.indexOf("Balanced Coalition"));
    expect(card.slice(0, 2000)).toMatch(/4<\/span> (<!-- -->)?members/);
    const filtered = await (await new TestClient(server.url).get("/?group=civil")).text();
    expect(filtered).toContain("Balanced Coalition");
    expect(filtered).not.toContain("Thin Coalition");
    expect(filtered).toMatch(/<option value="civil" selected="">/);
    const privateSector = await (await new TestClient(server.url).get("/?group=private")).text();
    expect(privateSector).toContain("Thin Coalition");
    expect(privateSector).not.toContain("Balanced Coalition");
    const bogus = await new TestClient(server.url).get("/?group=bogus");
    expect(bogus.status).toBe(200);
    expect(await bogus.text()).toContain("Thin Coalition");
  });
});
