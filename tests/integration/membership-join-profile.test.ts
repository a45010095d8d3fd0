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

const profileOf = (id: string) => getDb().selectFrom("users").select(["stakeholder_group", "organization", "region"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("the join form and the profile (issue 19)", () => {
  it("is filled from the profile (group, organization, region) and marks required fields before any submit", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const user = await createUser({ stakeholder_group: "technical", organization: "RIPE NCC", region: "weog" });
    const html = await (await (await clientAs(server.url, user.id)).get(`/coalitions/${coalition.slug}/join`)).text();
    expect(html).toMatch(/<option value="technical" selected="">/);
    expect(html).toMatch(/name="organization"[^>]*value="RIPE NCC"|value="RIPE NCC"[^>]*name="organization"/);
    expect(html).toMatch(/<option value="weog" selected="">/);
    expect(html).toContain('data-testid="required-legend"');
    // Statement, group and organization are marked; region is optional and is not.
    expect([...html.matchAll(/data-testid="required-mark"/g)]).toHaveLength(3);
    expect(html).toContain('name="save_profile"');
  });

  it("keeps the profile unless asked; when asked, saves the stated values to it; the coordinator sees the stated region", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const coord = await createUser();
    await addMember(coalition.id, coord.id, "coordinator");
    const keeper = await createUser({ stakeholder_group: "civil", organization: "Old NGO", region: "african" });
    const send = async (userId: string, extra: Record<string, string>) =>
      (await clientAs(server.url, userId)).post(`/coalitions/${coalition.slug}/join`, { intent: "request", statement: "Hello.", stakeholder_group: "academic", organization: "New University", region: "asia_pacific", ...extra });
    expect((await send(keeper.id, {})).status).toBe(302);
    expect(await profileOf(keeper.id)).toEqual({ stakeholder_group: "civil", organization: "Old NGO", region: "african" });

    const saver = await createUser({ stakeholder_group: "civil", organization: "Old NGO", region: "african" });
    expect((await send(saver.id, { save_profile: "on" })).status).toBe(302);
    expect(await profileOf(saver.id)).toEqual({ stakeholder_group: "academic", organization: "New University", region: "asia_pacific" });

    const members = await (await (await clientAs(server.url, coord.id)).get(`/coalitions/${coalition.slug}/members`)).text();
    expect(members).toContain("Asia-Pacific");
    // The keeper stated Asia-Pacific too: the request's region wins over the (African) profile.
    expect(members).not.toContain("African");
  });

  it("a refused request changes neither request nor profile, and keeps what was typed", async () => {
    const coalition = await createCoalition({ join_policy: "approval" });
    const user = await createUser({ organization: "Kept Org" });
    const res = await (await clientAs(server.url, user.id)).post(`/coalitions/${coalition.slug}/join`, {
      intent: "request",
      statement: "Typed statement",
      stakeholder_group: "academic",
      organization: "",
      region: "mars",
      save_profile: "on",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Typed statement");
    expect(html).toContain("Choose a region from the list.");
    expect(html).toMatch(/name="save_profile"[^>]*checked=""|checked=""[^>]*name="save_profile"/);
    expect((await profileOf(user.id)).organization).toBe("Kept Org");
    expect(await getDb().selectFrom("join_requests").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });
});
