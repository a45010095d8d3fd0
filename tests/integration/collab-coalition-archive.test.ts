import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../app/lib/collab-protocol";
import { setCoalitionArchived } from "../../app/models/coalition-admin.server";
import { collabHook } from "../../app/models/collab-hook.server";
import { loadAndRepair } from "../../app/models/document-state.server";
import { findCoalitionById } from "../../db/queries/coalitions";
import { getDb } from "../../db/client";
import { collabClient, textOf, typeText, type CollabClient } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
const clients: CollabClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe("archiving a coalition reaches open editors", () => {
  it("turns a member's open socket read-only at once, and writable again after the coalition comes back", async () => {
    const coalition = await createCoalition({ visibility: "private" });
    const member = await createUser();
    const admin = await createUser({ isSiteAdmin: true });
    await addMember(coalition.id, member.id, "member");
    const doc = await createDocument(coalition.id, member.id);
    const client = collabClient(server.url, doc.id, await sessionCookieFor(member.id));
    clients.push(client);
    await client.synced();
    typeText(client.doc, "before ");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), doc.id)).doc)).toContain("before");

    const actor = { id: admin.id, email: admin.email, name: admin.name, organization: null, stakeholder_group: null, region: null, language: null, isSiteAdmin: true };
    await setCoalitionArchived(actor, (await findCoalitionById(getDb(), coalition.id))!, true);
    await expect.poll(() => client.closes.map((c) => c.code)).toContain(CloseCode.ROLE_CHANGED);
    await client.synced(); // reconnected, now read-only
    const readOnlyDrops = () => collabHook()!.metrics().refusals["read-only"] ?? 0;
    const dropsBefore = readOnlyDrops();
    typeText(client.doc, "DURING-ARCHIVE");
    await expect.poll(readOnlyDrops).toBeGreaterThan(dropsBefore); // the server received it and dropped it
    expect(textOf((await loadAndRepair(getDb(), doc.id)).doc)).not.toContain("DURING-ARCHIVE");

    await setCoalitionArchived(actor, (await findCoalitionById(getDb(), coalition.id))!, false);
    await expect.poll(() => client.closes.filter((c) => c.code === CloseCode.ROLE_CHANGED).length).toBeGreaterThanOrEqual(2);
    typeText(client.doc, " after");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), doc.id)).doc), { timeout: 10_000 }).toContain("after");
  });
});
