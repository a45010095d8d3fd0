import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/membership";
import { startTestServer, type TestServer } from "../helpers/server";

// With SMTP_URL configured the invitation is also mailed (through the job runner). A minimal SMTP receiver on
// 127.0.0.1:0 stands in for the mail server and records what it was given.

let smtp: Server;
const messages: string[] = [];
let server: TestServer;

function startSmtp(): Promise<number> {
  smtp = createServer((socket) => {
    let data = false;
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      if (data) {
        const end = buffer.indexOf("\r\n.\r\n");
        if (end === -1) return;
        messages.push(buffer.slice(0, end));
        buffer = buffer.slice(end + 5);
        data = false;
        socket.write("250 OK queued\r\n");
      }
      let eol: number;
      while (!data && (eol = buffer.indexOf("\r\n")) !== -1) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 test\r\n");
        else if (verb === "DATA") {
          data = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  return new Promise((resolve) => smtp.listen(0, "127.0.0.1", () => resolve((smtp.address() as { port: number }).port)));
}

beforeAll(async () => {
  const port = await startSmtp();
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Workspace <no-reply@example.org>", JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe("invitation mail", () => {
  it("mails the link to the invitee and still shows it to the coordinator", async () => {
    const coalition = await createCoalition({ name: "Mailing Coalition" });
    const coord = await createUser({ name: "Mae Iler" });
    await addMember(coalition.id, coord.id, "coordinator");
    const res = await (await clientAs(server.url, coord.id)).post(`/coalitions/${coalition.slug}/members`, { intent: "invite", email: "invitee@example.org", role: "member" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("and sent by email.");
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(html)![1];
    // Sent by the job runner, queued in the invitation's transaction.
    await expect.poll(() => messages.length, { timeout: 15_000 }).toBe(1);
    const mail = messages[0].replace(/=\r\n/g, "");
    expect(mail).toMatch(/^To: invitee@example\.org/m);
    expect(mail).toContain("Mailing Coalition");
    expect(mail).toContain(`/invitations/${token}`);
    // A refused invitation (one is open for that address) queues no mail.
    const again = await (await clientAs(server.url, coord.id)).post(`/coalitions/${coalition.slug}/members`, { intent: "invite", email: "invitee@example.org", role: "member" });
    expect(again.status).toBe(409);
    await new Promise((r) => setTimeout(r, 300));
    expect(messages).toHaveLength(1);
  });
});
