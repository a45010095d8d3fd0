import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { loadAndRepair } from "../../app/models/document-state.server";
import { closeDb, getDb, openDatabase, setDb } from "../../db/client";
import { closed, collabClient, cookieHeader, rawSocket, textOf, typeSlowly, typeText, type CollabClient, type Cookie } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { createTestPgDatabase, PG_ADMIN_URL, pgReachable } from "../helpers/pg";
import { clusterSuiteAvailable, startPrivateRedis, type PrivateRedis } from "../helpers/redis-server";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server";
import { clientAs, postIn, startThread } from "../helpers/threads";

// Two real app instances (child processes) on one PostgreSQL database, relaying through a
// private Redis that the test can stop and start.

const available = clusterSuiteAvailable(await pgReachable());

describe.runIf(available)("two instances on PostgreSQL + Redis", () => {
  let redis: PrivateRedis;
  let dropDb: () => Promise<void>;
  let a: SpawnedServer;
  let b: SpawnedServer;
  let slug: string;
  let documentId: string;
  let coalitionId: string;
  let coordinator: TestUser;
  const members: TestUser[] = [];
  let observer: TestUser;
  const cookie = new Map<string, Cookie>();
  const clients: CollabClient[] = [];
  const connect = (server: SpawnedServer, user: TestUser) => {
    const c = collabClient(server.url, documentId, cookie.get(user.id)!);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const pg = await createTestPgDatabase(PG_ADMIN_URL);
    dropDb = pg.drop;
    const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, COLLAB_COMPACT_MAX_UPDATES: "50" };
    a = await spawnServer({ ...env, INSTANCE_ID: "instance-a" }); // migrates and seeds first
    b = await spawnServer({ ...env, INSTANCE_ID: "instance-b" });
    setDb(openDatabase(pg.url));
    const coalition = await createCoalition({ visibility: "private" });
    slug = coalition.slug;
    coalitionId = coalition.id;
    coordinator = await createUser({ name: "Coordinator Cora" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    for (const name of ["Member Mei", "Member Malik", "Member Mo"]) {
      const m = await createUser({ name });
      await addMember(coalition.id, m.id, "member");
      members.push(m);
    }
    observer = await createUser({ name: "Observer Olu" });
    await addMember(coalition.id, observer.id, "observer");
    for (const u of [coordinator, ...members, observer]) cookie.set(u.id, await sessionCookieFor(u.id));
    documentId = (await createDocument(coalition.id, coordinator.id)).id;
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await a?.kill();
    await b?.kill();
    await closeDb();
    await dropDb?.();
    await redis?.stop();
  });

  it("reports the database, Redis and its own instance id in /healthz", async () => {
    for (const [server, id] of [[a, "instance-a"], [b, "instance-b"]] as const) {
      const health = await (await fetch(`${server.url}/healthz`)).json();
      expect(health).toMatchObject({ status: "ok", instance: id, redis: "ready", database: { kind: "postgres" } });
    }
  });

  it("converges a document edited through both instances, and shows each other's presence with server names", async () => {
    const onA = connect(a, members[0]);
    const onB = connect(b, members[1]);
    await Promise.all([onA.synced(), onB.synced()]);
    for (let i = 0; i < 30; i++) {
      typeText(onA.doc, "a");
      typeText(onB.doc, "b");
    }
    const count = (text: string, ch: string) => text.split(ch).length - 1;
    await expect
      .poll(() => textOf(onA.doc) === textOf(onB.doc) && count(textOf(onA.doc), "a") === 30 && count(textOf(onA.doc), "b") === 30, { timeout: 15_000 })
      .toBe(true);
    onA.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
    onA.provider.awareness.setLocalStateField("user", { name: "Somebody Else", color: "#000" });
    await expect
      .poll(() => [...onB.provider.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name), { timeout: 10_000 })
      .toContain("Member Mei");
    expect([...onB.provider.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name)).not.toContain("Somebody Else");
  });

  it("keeps an observer on instance B read-only while a member edits on instance A", async () => {
    const writer = connect(a, members[0]);
    const reader = connect(b, observer);
    await Promise.all([writer.synced(), reader.synced()]);
    typeText(reader.doc, "OBSERVER-WAS-HERE");
    typeText(writer.doc, "[member line]");
    await expect.poll(() => textOf(reader.doc), { timeout: 10_000 }).toContain("[member line]");
    // The writer's next edit arrives after anything the observer's socket could have caused.
    typeText(writer.doc, "[second]");
    await expect.poll(() => textOf(reader.doc), { timeout: 10_000 }).toContain("[second]");
    expect(textOf(writer.doc)).not.toContain("OBSERVER-WAS-HERE");
    expect(textOf((await loadAndRepair(getDb(), documentId)).doc)).not.toContain("OBSERVER-WAS-HERE");
  });

  it("takes write access away on instance B at once when a coordinator removes the member on instance A", async () => {
    const target = members[2];
    const onB = connect(b, target);
    await onB.synced();
    const membership = await getDb().selectFrom("memberships").select("id").where("user_id", "=", target.id).executeTakeFirstOrThrow();
    const res = await (await clientAs(a.url, coordinator.id)).post(`/coalitions/${slug}/members`, { intent: "remove", membershipId: membership.id, reason: "" });
    expect(res.status).toBe(302);
    await expect.poll(() => onB.closes.map((c) => c.code), { timeout: 10_000 }).toContain(CloseCode.ACCESS_REVOKED);
  });

  it("shows a post made through instance A live to a reader on instance B", async () => {
    const threadId = await startThread(await clientAs(a.url, members[0].id), slug, "Across instances", "First");
    const controller = new AbortController();
    const res = await fetch(`${b.url}/coalitions/${slug}/threads/${threadId}/events`, {
      headers: { Cookie: `${cookie.get(observer.id)!.name}=${cookie.get(observer.id)!.value}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("connected")) text += decoder.decode((await reader.read()).value);
    expect((await postIn(await clientAs(a.url, members[0].id), slug, threadId, { body: "Hello from A" })).status).toBe(302);
    const post = await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).where("number", "=", 2).executeTakeFirstOrThrow();
    while (!text.includes(post.id)) text += decoder.decode((await reader.read()).value);
    controller.abort();
  });

  it("keeps serving each instance's own clients while Redis is down, says so, and converges when it returns", async () => {
    const a1 = connect(a, members[0]);
    const a2 = connect(a, members[1]);
    const b1 = connect(b, coordinator);
    await Promise.all([a1.synced(), a2.synced(), b1.synced()]);
    await redis.stop();
    for (const server of [a, b]) {
      await expect.poll(async () => (await (await fetch(`${server.url}/healthz`)).json()).redis, { timeout: 10_000 }).toBe("down");
    }
    typeText(a1.doc, "<during outage on A>");
    typeText(b1.doc, "<during outage on B>");
    // Local clients of each instance still see each other.
    await expect.poll(() => textOf(a2.doc), { timeout: 10_000 }).toContain("<during outage on A>");
    expect(textOf(b1.doc)).not.toContain("<during outage on A>");
    await redis.start();
    for (const server of [a, b]) {
      await expect.poll(async () => (await (await fetch(`${server.url}/healthz`)).json()).redis, { timeout: 15_000 }).toBe("ready");
    }
    await expect.poll(() => textOf(b1.doc), { timeout: 15_000 }).toContain("<during outage on A>");
    await expect.poll(() => textOf(a1.doc), { timeout: 15_000 }).toContain("<during outage on B>");
    expect(textOf(a1.doc)).toBe(textOf(b1.doc));
    expect(a.logs.some((l) => /redis unavailable/.test(String(l.msg)))).toBe(true);
  });

  it("lets one instance compact a document both write, the other deferring to it, and loses nothing", async () => {
    const admin = await createUser({ isSiteAdmin: true });
    const adminCookie = cookieHeader(await sessionCookieFor(admin.id));
    const metrics = async (server: SpawnedServer) => (await (await fetch(`${server.url}/admin/metrics`, { headers: { cookie: adminCookie } })).json()).collab;
    const [beforeA, beforeB] = [await metrics(a), await metrics(b)];
    const doc = await createDocument(coalitionId, coordinator.id);
    const onA = collabClient(a.url, doc.id, cookie.get(members[0].id)!);
    const onB = collabClient(b.url, doc.id, cookie.get(members[1].id)!);
    clients.push(onA, onB);
    await Promise.all([onA.synced(), onB.synced()]);
    // Well past the threshold (50 rows) on each instance, one row per character.
    await Promise.all([typeSlowly(onA.doc, "a".repeat(120)), typeSlowly(onB.doc, "b".repeat(120))]);
    const count = (text: string, ch: string) => text.split(ch).length - 1;
    await expect.poll(() => count(textOf(onA.doc), "b") === 120 && count(textOf(onB.doc), "a") === 120, { timeout: 15_000 }).toBe(true);
    const compacted = async () => {
      const [afterA, afterB] = [await metrics(a), await metrics(b)];
      return [afterA.compactions - beforeA.compactions, afterB.compactions - beforeB.compactions, afterA.compactionsDeferred - beforeA.compactionsDeferred, afterB.compactionsDeferred - beforeB.compactionsDeferred];
    };
    await expect.poll(async () => (await compacted()).slice(0, 2).some((n) => n > 0), { timeout: 15_000 }).toBe(true);
    const [compactedA, compactedB, deferredA, deferredB] = await compacted();
    // Exactly one of them compacts; the other found the claim held and deferred.
    expect(compactedA === 0 || compactedB === 0).toBe(true);
    expect(compactedA === 0 ? deferredA : deferredB).toBeGreaterThan(0);
    const stored = textOf((await loadAndRepair(getDb(), doc.id)).doc);
    expect([count(stored, "a"), count(stored, "b")]).toEqual([120, 120]);
    expect(stored).toBe(textOf(onA.doc));
  });

  it("counts a user's sockets over both instances against the per-user limit (20)", async () => {
    const busy = await createUser({ name: "Busy Bea" });
    await addMember(coalitionId, busy.id, "member");
    const c = await sessionCookieFor(busy.id);
    const open = [];
    for (let i = 0; i < 20; i++) {
      const server = i % 2 ? b : a;
      open.push(await rawSocket(server.url, documentId, { origin: server.url, cookie: cookieHeader(c) }));
    }
    expect(open.every((o) => o.ws)).toBe(true);
    for (const server of [a, b]) {
      const extra = await rawSocket(server.url, documentId, { origin: server.url, cookie: cookieHeader(c) });
      expect((await closed(extra.ws!)).code).toBe(CloseCode.TOO_MANY_CONNECTIONS);
    }
    // A socket closing on A frees a place that B sees.
    open[0].ws!.close();
    await closed(open[0].ws!);
    await expect
      .poll(async () => {
        const again = await rawSocket(b.url, documentId, { origin: b.url, cookie: cookieHeader(c) });
        const ok = await Promise.race([closed(again.ws!).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 300))]);
        if (ok) open.push(again);
        return ok;
      }, { timeout: 10_000 })
      .toBe(true);
    for (const o of open) o.ws?.close();
  });

  it("loses no update that a client on instance B has seen when instance A is killed mid-stream", async () => {
    const typist = connect(a, members[0]);
    const watcher = connect(b, members[1]);
    await Promise.all([typist.synced(), watcher.synced()]);
    const received: Uint8Array[] = [];
    watcher.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === watcher.provider) received.push(update);
    });
    const timer = setInterval(() => typeText(typist.doc, "k"), 3);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(80);
    await a.kill();
    clearInterval(timer);
    watcher.provider.disconnect();
    const stored = (await loadAndRepair(getDb(), documentId)).doc;
    const missing = received.filter((u) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(stored));
      const before = Y.encodeStateVector(copy);
      Y.applyUpdate(copy, u);
      const grew = !Buffer.from(Y.encodeStateVector(copy)).equals(Buffer.from(before)) || copy.store.pendingStructs !== null;
      copy.destroy();
      return grew;
    });
    expect(missing.length).toBe(0);
  });
});
