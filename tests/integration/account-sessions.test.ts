import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../app/lib/collab-protocol";
import { describeDevice, networkHint, noteSessionUse, USE_WRITE_INTERVAL_MS } from "../../app/models/account-sessions.server";
import { hashSessionId } from "../../app/models/session-adapter.server";
import { getDb } from "../../db/client";
import { closed, rawSocket } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, DEFAULT_PASSWORD, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 27: /settings/security lists the account's sessions (device, approximate last use, a
// coarse network hint) and signs out one of them or all the others; their sockets close at once.

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A browser signed in through the form, which then makes one request with its user agent. */
async function browserFor(user: TestUser, userAgent: string) {
  const client = new TestClient(server.url);
  const res = await client.request("/login", { method: "POST", form: { email: user.email, password: DEFAULT_PASSWORD }, headers: { "User-Agent": userAgent } });
  expect(res.status).toBe(302);
  const page = await client.request("/settings/security", { headers: { "User-Agent": userAgent } });
  return { client, page: await page.text(), userAgent };
}

const refsIn = (html: string) => [...html.matchAll(/name="session" value="([0-9a-f]{24})"/g)].map((m) => m[1]);
const sessionCookie = (client: TestClient) => `cw_session=${client.cookies.get("cw_session")}`;

async function openSocket(client: TestClient, documentId: string) {
  const opened = await rawSocket(server.url, documentId, { origin: server.url, cookie: sessionCookie(client) });
  expect(opened.status).toBeNull();
  return opened.ws!;
}

describe("the sessions list", () => {
  it("shows each session's device, a coarse network and never the address; this device is marked and has no sign-out", async () => {
    const user = await createUser();
    await browserFor(user, FIREFOX);
    const chrome = await browserFor(user, CHROME);
    const html = (await (await chrome.client.request("/settings/security", { headers: { "User-Agent": CHROME } })).text()).replace(/<script[\s\S]*?<\/script>/g, "");
    const items = html.split('data-testid="session-item"').slice(1);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('data-current="yes"');
    expect(items[0]).toContain("Chrome 131");
    expect(items[0]).toContain("This device");
    expect(items[0]).not.toContain('name="session"');
    expect(items[1]).toContain("Firefox 133");
    expect(items[1]).toContain('name="session"');
    expect(html).toContain("127.0.x.x");
    expect(html).not.toContain("127.0.0.1");
    expect(html).toContain("Sign out of the other session");
  });

  it("asks a signed-out visitor to sign in", async () => {
    const res = await new TestClient(server.url).get("/settings/security");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login?redirectTo=%2Fsettings%2Fsecurity");
  });

  it("writes the time of last use at most once per interval, not on every request", async () => {
    const user = await createUser();
    const { client } = await browserFor(user, CHROME);
    const token = client.cookies.get("cw_session")!;
    const row = () => getDb().selectFrom("sessions").select(["last_used_at", "user_agent", "network_hint"]).where("id", "=", hashSessionId(token)).executeTakeFirstOrThrow();
    const first = await row();
    expect(first.user_agent).toBe(CHROME);
    expect(first.network_hint).toBe("127.0.x.x");
    const t0 = Date.parse(first.last_used_at!);
    await noteSessionUse(token, { userAgent: FIREFOX, address: "203.0.113.9" }, t0 + 60_000);
    expect(await row()).toEqual(first);
    await noteSessionUse(token, { userAgent: FIREFOX, address: "203.0.113.9" }, t0 + USE_WRITE_INTERVAL_MS + 1000);
    const later = await row();
    expect(Date.parse(later.last_used_at!)).toBe(t0 + USE_WRITE_INTERVAL_MS + 1000);
    expect(later.network_hint).toBe("203.0.x.x");
  });

  it("names networks and devices coarsely", () => {
    expect(networkHint("203.0.113.77")).toBe("203.0.x.x");
    expect(networkHint("::ffff:198.51.100.4")).toBe("198.51.x.x");
    expect(networkHint("2001:db8:85a3::8a2e:370:7334")).toBe("2001:db8:…");
    expect(networkHint("")).toBeNull();
    expect(describeDevice(SAFARI_IPHONE)).toEqual({ browser: "Safari 17", os: "iOS 17.5", kind: "mobile" });
    expect(describeDevice(null)).toEqual({ browser: null, os: null, kind: null });
  });
});

describe("signing sessions out", () => {
  it("a second session ended from the first: its websocket closes with SESSION_ENDED at once and it is signed out; the first stays", async () => {
    const coalition = await createCoalition({ visibility: "private" });
    const user = await createUser();
    await addMember(coalition.id, user.id, "member");
    const doc = await createDocument(coalition.id, user.id);
    const laptop = await browserFor(user, CHROME);
    const phone = await browserFor(user, SAFARI_IPHONE);
    const laptopSocket = await openSocket(laptop.client, doc.id);
    const phoneSocket = await openSocket(phone.client, doc.id);
    const phoneClosed = closed(phoneSocket);

    const page = await (await laptop.client.get("/settings/security")).text();
    const [ref] = refsIn(page);
    expect(refsIn(page)).toHaveLength(1);
    const res = await laptop.client.post("/settings/security", { intent: "sign-out-session", session: ref });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/security?notice=signed-out");

    expect((await phoneClosed).code).toBe(CloseCode.SESSION_ENDED);
    expect(laptopSocket.readyState).toBe(laptopSocket.OPEN);
    expect((await phone.client.get("/settings/security")).status).toBe(302);
    const after = await (await laptop.client.get("/settings/security?notice=signed-out")).text();
    expect(after).toContain("That session is signed out.");
    expect(after.split('data-testid="session-item"')).toHaveLength(2);
    laptopSocket.close();
  });

  it("'sign out everywhere else' ends every other session and its sockets, not this one", async () => {
    const coalition = await createCoalition({ visibility: "private" });
    const user = await createUser();
    const other = await createUser();
    await addMember(coalition.id, user.id, "member");
    await addMember(coalition.id, other.id, "member");
    const doc = await createDocument(coalition.id, user.id);
    const here = await browserFor(user, CHROME);
    const a = await browserFor(user, FIREFOX);
    const b = await browserFor(user, SAFARI_IPHONE);
    const someoneElse = await browserFor(other, FIREFOX);
    const hereSocket = await openSocket(here.client, doc.id);
    const closes = [closed(await openSocket(a.client, doc.id)), closed(await openSocket(b.client, doc.id))];
    const otherSocket = await openSocket(someoneElse.client, doc.id);

    const res = await here.client.post("/settings/security", { intent: "sign-out-others" });
    expect(res.status).toBe(302);
    for (const c of await Promise.all(closes)) expect(c.code).toBe(CloseCode.SESSION_ENDED);
    expect(hereSocket.readyState).toBe(hereSocket.OPEN);
    expect(otherSocket.readyState).toBe(otherSocket.OPEN);
    expect((await a.client.get("/settings/security")).status).toBe(302);
    expect((await here.client.get("/settings/security")).status).toBe(200);
    expect((await someoneElse.client.get("/settings/security")).status).toBe(200);
    const html = await (await here.client.get("/settings/security")).text();
    expect(html).toContain("You are signed in on this device only.");
    hereSocket.close();
    otherSocket.close();
  });

  it("refuses a session that is not the person's own (404) and changes nothing", async () => {
    const user = await createUser();
    const intruder = await createUser();
    const victim = await browserFor(user, CHROME);
    await browserFor(user, FIREFOX);
    const victimRef = refsIn(victim.page)[0] ?? refsIn(await (await victim.client.get("/settings/security")).text())[0];
    const attacker = await browserFor(intruder, CHROME);
    const res = await attacker.client.post("/settings/security", { intent: "sign-out-session", session: victimRef });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("That session no longer exists");
    const count = await getDb().selectFrom("sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});
