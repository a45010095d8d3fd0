import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/membership";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const fieldError = (html: string, name: string) => new RegExp(`id="field-${name}-error"[^>]*>([^<]*)<`).exec(html)?.[1];

async function coordinatorOf(slug?: string) {
  const coalition = await createCoalition(slug ? { slug } : {});
  const coord = await createUser();
  await addMember(coalition.id, coord.id, "coordinator");
  const client = await clientAs(server.url, coord.id);
  const save = (fields: Record<string, string>) =>
    client.post(`/coalitions/${coalition.slug}/settings`, {
      intent: "save",
      name: coalition.name,
      slug: coalition.slug,
      founders: "",
      visibility: "public",
      join_policy: "approval",
      open_roles: ["member", "observer"],
      description: "Plain.",
      ...fields,
    });
  return { coalition, save };
}

describe("coalition description (Markdown) and public contact fields (issue 19)", () => {
  it("renders the description as sanitised Markdown and shows website, mailing list and contact on the coalition page", async () => {
    const { coalition, save } = await coordinatorOf();
    const res = await save({
      description: "We work on **net neutrality**.\n\n- one\n- two\n\n<script>alert(1)</script> [bad](javascript:alert(1))",
      website: "https://netneutrality.example.org/",
      mailing_list: "DC-NN@lists.example.org",
      contact_email: "chair@example.org",
    });
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("coalitions").select(["website", "mailing_list", "contact_email"]).where("id", "=", coalition.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ website: "https://netneutrality.example.org/", mailing_list: "dc-nn@lists.example.org", contact_email: "chair@example.org" });

    // A visitor sees it all (the coalition is public).
    const html = await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}`)).text();
    const about = html.slice(html.indexOf('data-testid="coalition-description"'), html.indexOf("</dl>"));
    expect(about).toContain("<strong>net neutrality</strong>");
    expect(about).toContain("<li>one</li>");
    expect(about).not.toContain("<script>alert(1)");
    expect(about).not.toContain('href="javascript:');
    expect(about).toContain('href="https://netneutrality.example.org/"');
    expect(about).toContain('href="mailto:dc-nn@lists.example.org"');
    expect(about).toContain('href="mailto:chair@example.org"');
  });

  it("refuses a bad email or a non-http(s) URL with a clear message, keeping every typed value, and changes nothing", async () => {
    const { coalition, save } = await coordinatorOf();
    const res = await save({ description: "Changed description", website: "javascript:alert(1)", mailing_list: "not-an-address", contact_email: "ok@example.org" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "website")).toBe("Enter a web address starting with https:// or http://.");
    expect(fieldError(html, "mailing_list")).toContain("valid email address");
    expect(fieldError(html, "contact_email")).toBeUndefined();
    expect(html).toContain('value="javascript:alert(1)"');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('value="ok@example.org"');
    expect(html).toContain("Changed description");
    const row = await getDb().selectFrom("coalitions").select(["description", "website", "contact_email"]).where("id", "=", coalition.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ description: coalition.description, website: null, contact_email: null });

    for (const website of ["ftp://example.org", "example.org", "https://"]) {
      expect(fieldError(await (await save({ website })).text(), "website")).toBe("Enter a web address starting with https:// or http://.");
    }
    // Emptying the fields clears them; http is accepted.
    expect((await save({ website: "http://example.org", mailing_list: "", contact_email: "" })).status).toBe(302);
    const page = await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}`)).text();
    expect(page).toContain('href="http://example.org"');
    expect(page).not.toContain("Mailing list</dt>");
  });
});
