import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/membership";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const notificationsOf = (userId: string) =>
  getDb().selectFrom("notifications").select(["kind", "text", "link", "read_at"]).where("user_id", "=", userId).orderBy("id").execute();

describe("membership decisions notify the person they are about", () => {
  it("approval, role change and removal each leave a notification linking to the coalition; a refused change leaves none", async () => {
    const coalition = await createCoalition({ name: "Open Standards Test" });
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const user = await createUser();
    const client = await clientAs(server.url, user.id);
    await client.post(`/coalitions/${coalition.slug}/join`, { intent: "request", statement: "I maintain a standard.", stakeholder_group: "technical", organization: "W3C" });
    const request = await getDb().selectFrom("join_requests").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    const coordClient = await clientAs(server.url, coord.id);
    expect((await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "approve", requestId: request.id, role: "member" })).status).toBe(302);

    let mine = await notificationsOf(user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: "membership", link: `/coalitions/${coalition.slug}`, read_at: null });
    expect(mine[0].text).toContain("approved");

    const membership = await getDb().selectFrom("memberships").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "change-role", membershipId: membership.id, role: "observer" });
    await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "remove", membershipId: membership.id, reason: "Inactive for a year" });
    mine = await notificationsOf(user.id);
    expect(mine.map((n) => n.text)).toEqual([
      expect.stringContaining("approved"),
      expect.stringContaining("is now observer"),
      expect.stringContaining("Inactive for a year"),
    ]);

    // The last coordinator cannot be demoted: refused, and nobody is told anything.
    const coordMembership = await getDb().selectFrom("memberships").select("id").where("user_id", "=", coord.id).executeTakeFirstOrThrow();
    // The coordinator was told of the request itself (issue 19), and of nothing else.
    expect((await notificationsOf(coord.id)).map((n) => n.text)).toEqual([expect.stringContaining("asks to join")]);
    const refused = await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "change-role", membershipId: coordMembership.id, role: "member" });
    expect(refused.status).toBe(409);
    expect(await notificationsOf(coord.id)).toHaveLength(1);
  });

  it("a declined requester is told the reason", async () => {
    const coalition = await createCoalition();
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const user = await createUser();
    await (await clientAs(server.url, user.id)).post(`/coalitions/${coalition.slug}/join`, { intent: "request", statement: "Please.", stakeholder_group: "civil", organization: "NGO" });
    const request = await getDb().selectFrom("join_requests").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    await (await clientAs(server.url, coord.id)).post(`/coalitions/${coalition.slug}/members`, { intent: "decline", requestId: request.id, reason: "Only national bodies." });
    const [n] = await notificationsOf(user.id);
    expect(n.text).toContain("declined");
    expect(n.text).toContain("Only national bodies.");
  });
});
