import { describe, expect, it } from "vitest";
import { replyText } from "../../app/lib/mail/reply-text";
import { REPLY_FIXTURES } from "../fixtures/mail-replies";

// Issue 22: a reply by mail keeps exactly the new text: no attribution line, no quote, no signature.

describe("the new text of a mail reply", () => {
  it("has at least 30 fixtures from the five clients", () => {
    expect(REPLY_FIXTURES.length).toBeGreaterThanOrEqual(30);
    for (const client of ["Gmail", "Outlook", "Apple Mail", "Thunderbird", "K-9"]) expect(REPLY_FIXTURES.some((f) => f.client.startsWith(client)), client).toBe(true);
  });

  for (const fixture of REPLY_FIXTURES) {
    it(fixture.client, () => {
      expect(replyText(fixture.body)).toBe(fixture.expected);
      // The same mail with Windows line ends.
      expect(replyText(fixture.body.replace(/\n/g, "\r\n"))).toBe(fixture.expected);
    });
  }

  it("keeps a line that only looks like an attribution when no quote follows it", () => {
    const body = "Ask the secretariat <igf@example.org>:\nthey keep the list of sessions.";
    expect(replyText(body)).toBe(body);
  });

  it("is empty for a mail that only quotes", () => {
    expect(replyText("On Mon, Dec 7, 2026 at 10:00 AM Ada <ada@example.org> wrote:\n> Hello\n")).toBe("");
  });
});
