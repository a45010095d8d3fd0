import { describe, expect, it } from "vitest";
import { LOCALES } from "../../common/locales";
import { digestMomentOn, dueAt, latestDigestMoment } from "../../app/lib/mail/digest-schedule";
import { countItems, renderDigest, type DigestCoalition } from "../../app/lib/mail/digest-template";
import "../../app/lib/i18n/catalogues.server";

// When digests are due (07:00 in the person's zone) and what the digest mail looks like, without a database.

describe("digest moments", () => {
  it("is 07:00 UTC today once it has passed, else yesterday's", () => {
    expect(latestDigestMoment(new Date("2030-01-07T07:00:00Z"), null)).toEqual({ at: new Date("2030-01-07T07:00:00Z"), date: "2030-01-07", weekday: 1 });
    expect(latestDigestMoment(new Date("2030-01-07T06:59:59Z"), null)).toEqual({ at: new Date("2030-01-06T07:00:00Z"), date: "2030-01-06", weekday: 0 });
    expect(latestDigestMoment(new Date("2030-03-01T03:00:00Z"), "Not/AZone").date).toBe("2030-02-28");
  });

  it("follows the person's zone, across daylight saving changes", () => {
    // 07:00 in Tokyo is 22:00 UTC the day before.
    expect(latestDigestMoment(new Date("2030-01-15T22:00:00Z"), "Asia/Tokyo")).toEqual({ at: new Date("2030-01-15T22:00:00Z"), date: "2030-01-16", weekday: 3 });
    // Paris: 06:00 UTC in winter, 05:00 UTC in summer.
    expect(digestMomentOn("2030-01-15", "Europe/Paris").at.toISOString()).toBe("2030-01-15T06:00:00.000Z");
    expect(digestMomentOn("2030-07-15", "Europe/Paris").at.toISOString()).toBe("2030-07-15T05:00:00.000Z");
    // New York on the day clocks go forward (10 March 2030): 07:00 EDT.
    expect(digestMomentOn("2030-03-10", "America/New_York").at.toISOString()).toBe("2030-03-10T11:00:00.000Z");
  });

  it("is due every day for a daily choice, on the chosen weekday for a weekly one, never when off or immediate", () => {
    const wednesday = digestMomentOn("2030-01-16", null);
    expect(dueAt("daily", 1, wednesday)).toBe(true);
    expect(dueAt("weekly", 3, wednesday)).toBe(true);
    expect(dueAt("weekly", 1, wednesday)).toBe(false);
    expect(dueAt("immediate", 3, wednesday)).toBe(false);
    expect(dueAt("off", 3, wednesday)).toBe(false);
  });
});

describe("the digest mail", () => {
  const coalition: DigestCoalition = {
    name: "Privacy <Coalition>",
    url: "https://ws.example.org/coalitions/privacy",
    threads: { items: [{ title: "Budget <img src=x onerror=alert(1)>", author: "Ada \"Lovelace\"", url: "https://ws.example.org/t/1", replies: 2 }], more: 0 },
    replies: { items: [{ title: "Charter", count: 3, authors: ["Grace", "Alan"], url: "https://ws.example.org/t/2#post-4" }], more: 0 },
    outputs: { items: [{ title: "Report", number: 2, label: "Final", publisher: null, url: "javascript:alert(1)" }], more: 0 },
    meetings: { items: [], more: 12 },
  };
  const base = { recipientName: "Rémi <b>", kind: "daily" as const, coalitions: [coalition], preferencesUrl: "https://ws.example.org/settings/notifications", notificationsUrl: "https://ws.example.org/notifications", unsubscribeUrl: "https://ws.example.org/unsubscribe/abc", unsubscribeCoalition: "Privacy <Coalition>" };

  it("escapes every value from a person, keeps links to http(s) only, and counts its items", () => {
    const mail = renderDigest({ ...base, locale: "en" });
    expect(countItems([coalition])).toBe(15);
    expect(mail.subject).toBe("Your daily digest: 15 new items");
    expect(mail.html).not.toMatch(/<img|<b>|onerror=alert\(1\)>|javascript:/);
    expect(mail.html).toContain('<bdi dir="auto">Budget &lt;img src=x onerror=alert(1)&gt;</bdi>');
    expect(mail.html).toContain("Hello <bdi dir=\"auto\">Rémi &lt;b&gt;</bdi>,");
    expect(mail.text).toContain("“Budget <img src=x onerror=alert(1)>”, started by Ada \"Lovelace\" (2 replies)");
    expect(mail.text).toContain("3 new replies in “Charter”, from Grace and Alan");
    expect(mail.text).toContain("“Report”, version 2: Final, published by A former member\n  #");
    expect(mail.text).toContain("- 12 more items in this coalition: https://ws.example.org/coalitions/privacy");
    expect(mail.text).toContain("Stop mail about Privacy <Coalition>: https://ws.example.org/unsubscribe/abc");
  });

  it("lists mentions and replies first when the person chose a digest for them, and says why", () => {
    const personal = { items: [{ kind: "mention" as const, author: "Grace", title: "Charter", coalition: "Privacy", url: "https://ws.example.org/t/2#post-5" }], more: 3 };
    const both = renderDigest({ ...base, locale: "en", personal, unsubscribeCoalition: null });
    expect(both.subject).toBe("Your daily digest: 19 new items");
    expect(both.text.indexOf("== For you ==")).toBeLessThan(both.text.indexOf("== Privacy <Coalition> =="));
    expect(both.text).toContain("- Grace mentioned you in “Charter” (Privacy)\n  https://ws.example.org/t/2#post-5");
    expect(both.text).toContain("- 3 more notifications: https://ws.example.org/notifications");
    expect(both.text).toContain("You got this because you chose a daily digest for Privacy <Coalition>. You also chose a digest for mentions and replies to your posts.");
    expect(both.text).toContain("Stop all digests: ");
    const alone = renderDigest({ ...base, locale: "en", coalitions: [], personal, unsubscribeCoalition: null });
    expect(alone.text).toContain("You got this because you chose a digest for mentions and replies to your posts.");
    expect(alone.text).not.toContain("==  ==");
  });

  it("is written in each of the six languages, right to left in Arabic", () => {
    const english = renderDigest({ ...base, locale: "en" });
    for (const locale of LOCALES) {
      const mail = renderDigest({ ...base, locale });
      expect(mail.html).toContain(`dir="${locale === "ar" ? "rtl" : "ltr"}"`);
      if (locale !== "en") {
        expect(mail.subject, locale).not.toBe(english.subject);
        expect(mail.text, locale).not.toContain("You got this because");
      }
    }
    expect(renderDigest({ ...base, locale: "ar" }).html).toContain('<html lang="ar" dir="rtl">');
    expect(renderDigest({ ...base, locale: "zh" }).html).toContain('<html lang="zh-Hans" dir="ltr">');
  });
});
