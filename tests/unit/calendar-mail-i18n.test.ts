import { describe, expect, it } from "vitest";
import { EMPTY_EVENT_VALUES, kindLabel, parseMeeting } from "../../app/lib/calendar-schemas";
import { inLocale } from "../../app/lib/i18n/request-locale.server";
import { renderMail } from "../../app/lib/mail/templates";
import { formatInZone, formatRangeInZone } from "../../app/lib/time-zones";

// Issue 21: the calendar's dates and messages, and the mail template, in another language.

describe("dates in the viewer's zone and language", () => {
  it("keeps the workspace's English style, and uses each language's own otherwise", () => {
    const at = "2026-01-15T12:00:00.000Z";
    expect(formatInZone(at, "Europe/Paris", "en")).toBe("Thu 15 Jan 2026, 13:00 CET");
    expect(formatInZone(at, "Europe/Paris", "fr")).toMatch(/^jeu\. 15 janv\. 2026, 13:00/);
    expect(formatInZone(at, "Europe/Paris", "es")).toMatch(/^jue, 15 ene 2026, 13:00/);
    expect(formatInZone(at, "Asia/Tokyo", "ru")).toMatch(/^чт, 15 янв\. 2026 г\., 21:00/);
    expect(formatInZone(at, "UTC", "ar")).toContain("يناير");
    expect(formatInZone(at, "UTC", "zh")).toContain("2026年1月15日");
  });

  it("writes a same-day range once, in the language", () => {
    const range = formatRangeInZone("2026-07-15T12:00:00.000Z", "2026-07-15T13:30:00.000Z", "UTC", "fr");
    expect(range).toMatch(/^mer\. 15 juil\. 2026, 12:00\s?–\s?13:30/);
    expect(range.match(/juil/g)).toHaveLength(1);
  });

  it("follows the request's language when none is named", () => {
    expect(inLocale("fr", () => formatInZone("2026-07-15T12:00:00.000Z", "UTC"))).toContain("juil.");
    expect(formatInZone("2026-07-15T12:00:00.000Z", "UTC")).toBe("Wed 15 Jul 2026, 12:00 UTC");
  });
});

describe("the event forms' messages", () => {
  it("speak the request's language", () => {
    const values = { ...EMPTY_EVENT_VALUES, title: "", mode: "in_person", starts_at: "2027-01-01T10:00", ends_at: "2027-01-01T09:00" };
    const ru = inLocale("ru", () => parseMeeting(values));
    expect(ru.ok).toBe(false);
    if (!ru.ok) {
      expect(ru.fieldErrors.title).toBe("Укажите название события.");
      expect(ru.fieldErrors.ends_at).toBe("Окончание не может быть раньше начала.");
    }
    const en = parseMeeting(values);
    if (!en.ok) expect(en.fieldErrors.title).toBe("Give the event a title.");
    expect(inLocale("zh", () => kindLabel("call_for_sessions"))).toBe("会议征集");
  });
});

describe("the mail template", () => {
  const content = { recipientName: "Amal", headline: "H", actionUrl: "https://example.org/x", actionLabel: "Open", why: "W", unsubscribeUrl: "https://example.org/u" };

  it("declares the language and direction of the HTML part", () => {
    const ar = renderMail({ ...content, locale: "ar" });
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.text).toContain("مرحبًا Amal،");
    expect(ar.text).toContain("إلغاء الاشتراك في هذه الرسائل: https://example.org/u");
    const zh = renderMail({ ...content, locale: "zh" });
    expect(zh.html).toContain('<html lang="zh-Hans" dir="ltr">');
    expect(zh.text).toContain("Open：https://example.org/x");
    const en = renderMail({ ...content, locale: "en", recipientName: null, subject: "The subject" });
    expect(en.subject).toBe("The subject");
    expect(en.text.startsWith("Hello,\n")).toBe(true);
  });
});
