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

describe("a site administrator's way into a coalition (issue 19)", () => {
  it("a site admin who is not a member is offered 'Appoint a coordinator', not 'Request to join'; a member admin and a plain user are not", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const admin = await createUser({ isSiteAdmin: true });
    const html = await (await (await clientAs(server.url, admin.id)).get(`/coalitions/${coalition.slug}`)).text();
    expect(html).toContain('data-testid="appoint-link"');
    expect(html).toContain(`href="/coalitions/${coalition.slug}/members#appoint"`);
    expect(html).not.toContain('data-testid="join-button"');
    expect(html).not.toContain("Request to join");
    const members = await (await (await clientAs(server.url, admin.id)).get(`/coalitions/${coalition.slug}/members`)).text();
    expect(members).toContain('id="appoint"');

    const user = await createUser();
    const userHtml = await (await (await clientAs(server.url, user.id)).get(`/coalitions/${coalition.slug}`)).text();
    expect(userHtml).toContain('data-testid="join-button"');
    expect(userHtml).not.toContain('data-testid="appoint-link"');

    const memberAdmin = await createUser({ isSiteAdmin: true });
    await addMember(coalition.id, memberAdmin.id, "member");
    const memberHtml = await (await (await clientAs(server.url, memberAdmin.id)).get(`/coalitions/${coalition.slug}`)).text();
    expect(memberHtml).toContain('data-testid="leave-button"');
    expect(memberHtml).not.toContain('data-testid="appoint-link"');
  });
});

describe("settings: the open-joining roles (issue 19)", () => {
  const checkboxes = (html: string) => [...html.matchAll(/<input type="checkbox" name="open_roles"[^>]*>/g)].map((m) => m[0]);

  it("are disabled unless joining is open, and the chosen roles survive a save under another policy", async () => {
    const coalition = await createCoalition({ join_policy: "approval", open_roles: ["observer"] });
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const client = await clientAs(server.url, coord.id);
    const settings = await (await client.get(`/coalitions/${coalition.slug}/settings`)).text();
    expect(checkboxes(settings)).toHaveLength(2);
    for (const box of checkboxes(settings)) expect(box).toContain('disabled=""');
    expect(settings).toContain('<input type="hidden" name="open_roles" value="observer"/>');

    // What the browser sends with the boxes disabled: only the hidden copy.
    const res = await client.post(`/coalitions/${coalition.slug}/settings`, {
      intent: "save",
      name: coalition.name,
      slug: coalition.slug,
      description: "Still here.",
      founders: "",
      visibility: "public",
      join_policy: "invitation",
      open_roles: "observer",
    });
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("coalitions").select(["join_policy", "open_roles"]).where("id", "=", coalition.id).executeTakeFirstOrThrow();
    expect(row.join_policy).toBe("invitation");
    expect(JSON.parse(row.open_roles)).toEqual(["observer"]);

    await getDb().updateTable("coalitions").set({ join_policy: "open" }).where("id", "=", coalition.id).execute();
    const open = await (await client.get(`/coalitions/${coalition.slug}/settings`)).text();
    for (const box of checkboxes(open)) expect(box).not.toContain("disabled");
    expect(open).not.toContain('type="hidden" name="open_roles"');
  });
});
