import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, localIn, open } from "../helpers/decisions";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { createDocument, publishVersion } from "../helpers/search-fixtures";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 24 over HTTP: who may open, take part in and close decisions (THE policy), and the
// refusals that change nothing.

let server: TestServer;
let coordinator: TestUser, member: TestUser, observer: TestUser, outsider: TestUser;
let pub: { id: string; slug: string; v: string }, priv: { id: string; slug: string; v: string };

async function coalition(visibility: "public" | "private") {
  const c = await createCoalition({ visibility });
  for (const [u, role] of [[coordinator, "coordinator"], [member, "member"], [observer, "observer"]] as const) await addMember(c.id, u.id, role);
  const doc = await createDocument({ coalitionId: c.id, userId: coordinator.id, title: "Charter", text: "x" });
  const v = (await publishVersion({ documentId: doc.id, coalitionId: c.id, userId: coordinator.id, text: "One" })).id;
  return { id: c.id, slug: c.slug, v };
}

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser();
  member = await createUser();
  observer = await createUser();
  outsider = await createUser();
  pub = await coalition("public");
  priv = await coalition("private");
});
afterAll(async () => {
  await server?.close();
});

const count = async () => Number((await getDb().selectFrom("decisions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const form = (o: Record<string, string> = {}) => ({ kind: "consent", question: "", deadline: localIn(2 * HOUR), zone: "UTC", visible: "1", ...o });

describe("decisions over HTTP", () => {
  it("only coordinators open decisions; the form refuses a past deadline and keeps the values", async () => {
    const path = `/coalitions/${priv.slug}/outputs/${priv.v}/decisions/new`;
    expect((await (await clientAs(server.url, null)).get(path)).status).toBe(404); // private: not even there
    expect((await (await clientAs(server.url, outsider)).get(path)).status).toBe(404);
    expect((await (await clientAs(server.url, member)).get(path)).status).toBe(403);
    expect((await (await clientAs(server.url, observer)).post(path, form())).status).toBe(403);
    const c = await clientAs(server.url, coordinator);
    expect((await c.get(path)).status).toBe(200);
    const before = await count();
    const bad = await c.post(path, form({ deadline: "2020-05-01T09:00", question: "Kept question" }));
    expect(bad.status).toBe(400);
    const body = await bad.text();
    expect(body).toContain("The deadline must be in the future.");
    expect(body).toContain("Kept question");
    expect(await count()).toBe(before);
    const good = await c.post(path, form());
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toMatch(new RegExp(`^/coalitions/${priv.slug}/decisions/[a-z0-9]+$`));
    expect(await count()).toBe(before + 1);
  });

  it("members take part; observers only when invited; visitors read a public coalition's decisions", async () => {
    const d = await open(pub.id, coordinator, pub.v);
    const path = `/coalitions/${pub.slug}/decisions/${d.id}`;
    expect((await (await clientAs(server.url, null)).get(path)).status).toBe(200);
    const anonymousPost = await (await clientAs(server.url, null)).post(path, { intent: "stance", stance: "agree" });
    expect(anonymousPost.status).toBe(403); // not signed in: refused
    expect((await (await clientAs(server.url, outsider)).post(path, { intent: "stance", stance: "agree" })).status).toBe(403);
    expect((await (await clientAs(server.url, observer)).post(path, { intent: "stance", stance: "agree" })).status).toBe(403);
    const m = await clientAs(server.url, member);
    const noReason = await m.post(path, { intent: "stance", stance: "object", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Give your reason");
    expect((await m.post(path, { intent: "stance", stance: "object", reason: "Too *vague*" })).status).toBe(200);
    expect((await (await clientAs(server.url, member)).post(path, { intent: "close", closeReason: "x" })).status).toBe(403);
    expect((await (await clientAs(server.url, coordinator)).post(path, { intent: "close", closeReason: "" })).status).toBe(400);
    expect((await (await clientAs(server.url, coordinator)).post(path, { intent: "close", closeReason: "Decided at the meeting" })).status).toBe(200);
    const late = await m.post(path, { intent: "stance", stance: "agree" });
    expect(late.status).toBe(409);
    const row = await getDb().selectFrom("decision_stances").select("stance").where("decision_id", "=", d.id).executeTakeFirstOrThrow();
    expect(row.stance).toBe("object");
    // The private coalition's decision is invisible to visitors and outsiders.
    const p = await open(priv.id, coordinator, priv.v, { observers: true });
    expect((await (await clientAs(server.url, null)).get(`/coalitions/${priv.slug}/decisions/${p.id}`)).status).toBe(404);
    expect((await (await clientAs(server.url, observer)).post(`/coalitions/${priv.slug}/decisions/${p.id}`, { intent: "stance", stance: "agree" })).status).toBe(200);
  });
});
