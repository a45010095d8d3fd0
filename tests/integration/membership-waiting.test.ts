import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/membership";
import { createThread } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const notificationsOf = (userId: string) =>
  getDb().selectFrom("notifications").select(["kind", "text", "link"]).where("user_id", "=", userId).orderBy("id").execute();

async function requestToJoin(slug: string, name: string) {
  const user = await createUser({ name });
  const res = await (await clientAs(server.url, user.id)).post(`/coalitions/${slug}/join`, { intent: "request", statement: "Let me in.", stakeholder_group: "civil", organization: "NGO" });
  expect(res.status).toBe(302);
  return user;
}

async function page(userId: string, path: string) {
  const res = await (await clientAs(server.url, userId)).get(path);
  expect(res.status).toBe(200);
  return res.text();
}

describe("a join request waits for the coordinators (issue 19)", () => {
  it("notifies every coordinator (and no one else), counts on the Members tab and in My coalitions, and leads the coordinators' home feed", async () => {
    const coalition = await createCoalition({ name: "Waiting Room" });
    const [c1, c2, member] = [await createUser(), await createUser(), await createUser()];
    await addMember(coalition.id, c1.id, "coordinator");
    await addMember(coalition.id, c2.id, "coordinator");
    await addMember(coalition.id, member.id, "member");

    const ada = await requestToJoin(coalition.slug, "Ada Requester");
    for (const c of [c1, c2]) {
      expect(await notificationsOf(c.id)).toEqual([
        { kind: "membership", text: "Ada Requester asks to join Waiting Room.", link: `/coalitions/${coalition.slug}/members` },
      ]);
    }
    expect(await notificationsOf(member.id)).toEqual([]);
    expect(await notificationsOf(ada.id)).toEqual([]);
    await requestToJoin(coalition.slug, "Bea Requester");

    // The Members tab: a number to see and a sentence for screen readers.
    const overview = await page(c1.id, `/coalitions/${coalition.slug}`);
    expect(overview).toMatch(/data-testid="pending-badge"><span aria-hidden="true">2<\/span><span class="sr-only">2 pending requests<\/span>/);
    // A member does not decide requests and sees no count.
    expect(await page(member.id, `/coalitions/${coalition.slug}`)).not.toContain('data-testid="pending-badge"');

    const home = await page(c1.id, "/");
    expect(home).toContain('data-testid="my-coalitions"');
    expect(home).toMatch(/data-testid="my-coalition-pending"[^>]*>2 pending requests(?:<!-- -->)? to decide/);
    expect(home).not.toContain('data-testid="home-activity-empty"');
    expect([...home.matchAll(/data-type="join.requested"/g)]).toHaveLength(2);
    expect(home).toMatch(/Bea Requester(<!-- -->)? asks to join/);
    const memberHome = await page(member.id, "/");
    expect(memberHome).not.toContain("join.requested");
    expect(memberHome).not.toContain("my-coalition-pending");
  });

  it("a decided or withdrawn request no longer counts", async () => {
    const coalition = await createCoalition({ name: "Decided Room" });
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const a = await requestToJoin(coalition.slug, "Approved Person");
    const b = await requestToJoin(coalition.slug, "Declined Person");
    const c = await requestToJoin(coalition.slug, "Withdrawing Person");
    await requestToJoin(coalition.slug, "Still Waiting");
    expect(await page(coord.id, `/coalitions/${coalition.slug}`)).toContain("4 pending requests");

    const idOf = async (userId: string) => (await getDb().selectFrom("join_requests").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
    const coordClient = await clientAs(server.url, coord.id);
    expect((await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "approve", requestId: await idOf(a.id), role: "member" })).status).toBe(302);
    expect((await coordClient.post(`/coalitions/${coalition.slug}/members`, { intent: "decline", requestId: await idOf(b.id), reason: "Not now." })).status).toBe(302);
    const withdrawn = await (await clientAs(server.url, c.id)).post(`/coalitions/${coalition.slug}/join`, { intent: "withdraw", requestId: await idOf(c.id) });
    expect(withdrawn.status).toBe(302);

    const overview = await page(coord.id, `/coalitions/${coalition.slug}`);
    expect(overview).toContain("1 pending request<");
    expect(overview).not.toContain("pending requests");
    const home = await page(coord.id, "/");
    expect(home).toMatch(/data-testid="my-coalition-pending"[^>]*>1 pending request(?:<!-- -->)? to decide/);
    expect([...home.matchAll(/data-type="join.requested"/g)]).toHaveLength(1);
  });
});

describe("home: My coalitions (issue 19)", () => {
  it("lists the person's coalitions with their role and what others changed since the last visit; the directory follows", async () => {
    const mine = await createCoalition({ name: "Mine Alpha" });
    const other = await createCoalition({ name: "Not Mine Beta" });
    const [me, author] = [await createUser(), await createUser()];
    await addMember(mine.id, me.id, "observer");
    await addMember(mine.id, author.id, "member");
    await addMember(other.id, author.id, "member");
    await createThread({ coalitionId: mine.id, userId: author.id, title: "One" });
    await createThread({ coalitionId: mine.id, userId: author.id, title: "Two" });
    await createThread({ coalitionId: mine.id, userId: me.id, title: "Mine" });
    await createThread({ coalitionId: other.id, userId: author.id, title: "Elsewhere" });

    const home = await page(me.id, "/");
    const section = home.slice(home.indexOf('data-testid="my-coalitions"'), home.indexOf('data-testid="home-activity"'));
    expect(section).toContain("Mine Alpha");
    expect(section).not.toContain("Not Mine Beta");
    expect(section).toContain("Observer");
    expect(section).toContain("2 new threads");
    expect(section).not.toContain("to decide");
    // My coalitions comes first, the directory after it.
    expect(home.indexOf('data-testid="my-coalitions"')).toBeLessThan(home.indexOf('aria-label="Coalitions"'));

    // Someone in no coalition sees the directory only.
    const loner = await createUser();
    expect(await page(loner.id, "/")).not.toContain('data-testid="my-coalitions"');
  });
});
