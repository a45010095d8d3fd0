import { describe, expect, it } from "vitest";
import { agoText } from "../../app/components/documents/last-edited";
import { announcedKind, joinedText, leftText, peopleHereText, statusOf } from "../../app/components/documents/status-text";
import { clockTime } from "../../app/components/documents/unsaved-changes";
import type { CollabStatus } from "../../app/components/documents/use-collab.client";
import { announcementOf } from "../../app/components/documents/document-events";
import { describeBlock } from "../../app/lib/block-diff";
import { closeReasonText, CloseCode } from "../../app/lib/collab-protocol";
import { inLocale } from "../../app/lib/i18n/request-locale.server";

// Issue 21: the editor's own sentences (the status pill, who is here, "3 minutes ago", what the
// live region says) in the page's language, with each language's plural forms.

const at = (h: number, m: number, s = 0, day = 7) => new Date(2026, 11, day, h, m, s).getTime();
const base: CollabStatus = { connection: "connected", synced: true, browserOffline: false, unsent: 0, unsavedSince: null, ready: true, closed: null, lastClose: null, lastEdit: null, announcement: null };
const minutesAgo = (n: number) => agoText(at(10, 0), at(10, 0) + n * 60_000 + 5_000);

describe("the editor's words in Russian", () => {
  const ru = <T>(fn: () => T) => inLocale("ru", fn);

  it("says the status in Russian, never Saving… while offline", () => {
    expect(ru(() => statusOf(base, true))).toEqual({ state: "saved", text: "Подключено · все изменения сохранены" });
    expect(ru(() => statusOf({ ...base, unsent: 1, unsavedSince: at(10, 42) }, true).text)).toBe("Сохранение…");
    expect(ru(() => statusOf({ ...base, browserOffline: true, unsent: 3, unsavedSince: Date.now() }, true).text)).toMatch(/^Нет подключения — изменения с \d{2}:\d{2} ещё не сохранены/);
    expect(ru(() => statusOf(base, false).text)).toBe("В реальном времени — только чтение");
    expect(ru(() => statusOf({ ...base, connection: "disconnected", synced: false, lastClose: closeReasonText(CloseCode.SERVER_RESTARTING) }, true).text)).toBe(
      "Нет подключения — Сервер перезапускается. Переподключение…",
    );
  });

  it("counts people and minutes with the four Russian forms", () => {
    expect(ru(() => peopleHereText([]))).toBe("Здесь только вы");
    expect(ru(() => peopleHereText(["Ada Lovelace"]))).toBe("Ada Lovelace здесь");
    expect(ru(() => peopleHereText(["A", "B"]))).toBe("Здесь ещё 2 человека");
    expect(ru(() => peopleHereText(Array.from({ length: 5 }, (_, i) => `P${i}`)))).toBe("Здесь ещё 5 человек");
    expect(ru(() => peopleHereText(Array.from({ length: 21 }, (_, i) => `P${i}`)))).toBe("Здесь ещё 21 человек");
    expect(ru(() => minutesAgo(1))).toBe("1 минуту назад");
    expect(ru(() => minutesAgo(3))).toBe("3 минуты назад");
    expect(ru(() => minutesAgo(11))).toBe("11 минут назад");
    expect(ru(() => minutesAgo(21))).toBe("21 минуту назад");
    expect(ru(() => agoText(at(10, 0), at(10, 0, 30)))).toBe("только что");
  });

  it("announces arrivals without guessing anyone's gender", () => {
    expect(ru(() => joinedText(["Bruno Costa"]))).toBe("Теперь в документе: Bruno Costa.");
    expect(ru(() => leftText(["Ada", "Bruno"]))).toBe("Больше не в документе: Ada и Bruno.");
  });
});

describe("the editor's words in Arabic", () => {
  const ar = <T>(fn: () => T) => inLocale("ar", fn);

  it("says the status in Arabic", () => {
    expect(ar(() => statusOf(base, true).text)).toBe("متصل · حُفظت جميع التغييرات");
    expect(ar(() => statusOf({ ...base, browserOffline: true }, true).text)).toBe("غير متصل — سيُستأنف الاتصال عند عودة الشبكة");
    expect(ar(() => statusOf({ ...base, closed: { code: 4403, message: "x" } }, true).text)).toBe("انقطع الاتصال");
  });

  it("uses the dual and the other Arabic plural forms", () => {
    expect(ar(() => minutesAgo(1))).toBe("منذ دقيقة");
    expect(ar(() => minutesAgo(2))).toBe("منذ دقيقتين");
    expect(ar(() => minutesAgo(3))).toMatch(/^منذ (3|٣) دقائق$/);
    expect(ar(() => minutesAgo(11))).toMatch(/^منذ (11|١١) دقيقة$/);
    expect(ar(() => peopleHereText([]))).toBe("أنت وحدك هنا");
    expect(ar(() => peopleHereText(["A", "B"]))).toBe("شخصان آخران هنا");
    expect(ar(() => joinedText(["Bruno Costa"]))).toBe("انضم Bruno Costa إلى الوثيقة.");
  });

  it("names a restore and a block in Arabic", () => {
    expect(ar(() => announcementOf(JSON.stringify({ type: "restored", by: { id: "u-ada", name: "Ada" }, version: 2 }), "u-bruno", 0)?.text)).toMatch(/^استعاد Ada الإصدار (2|٢):/);
    expect(ar(() => describeBlock({ type: "table-cell", row: 2, column: 1, header: false }))).toMatch(/^خلية جدول، الصف (2|٢)، العمود (1|١)$/);
  });
});

describe("the editor's words in French, Spanish and Chinese", () => {
  it("agrees the verb with one or several people", () => {
    expect(inLocale("fr", () => joinedText(["Ada"])))
      .toBe("Ada a rejoint le document.");
    expect(inLocale("fr", () => joinedText(["Ada", "Bruno"]))).toBe("Ada et Bruno ont rejoint le document.");
    expect(inLocale("es", () => leftText(["Ada", "Bruno"]))).toBe("Ada y Bruno han salido del documento.");
    expect(inLocale("zh", () => joinedText(["Ada", "Bruno"]))).toBe("Ada和Bruno 加入了文件。");
  });

  it("writes the time of unsaved work in the language's own way", () => {
    expect(inLocale("zh", () => clockTime(at(10, 42), at(18, 0)))).toBe("10:42");
    expect(inLocale("fr", () => clockTime(at(23, 50, 0, 6), at(0, 10)))).toMatch(/^6 déc\.? (à )?23:50$|^6 déc\.?, 23:50$/);
  });

  it("keeps English as it was", () => {
    expect(clockTime(at(23, 50, 0, 6), at(0, 10))).toBe("6 Dec, 23:50");
    expect(peopleHereText([])).toBe("Only you are here");
    expect(peopleHereText(["A", "B", "C"])).toBe("3 others here");
    expect(joinedText(["Bruno Costa"])).toBe("Bruno Costa joined the document.");
  });
});

describe("what the live region says about the connection", () => {
  it("treats saving and saved as one kind, so typing is never announced", () => {
    expect(announcedKind("saving")).toBe(announcedKind("saved"));
    expect(announcedKind("connecting")).toBeNull();
    expect(announcedKind("offline")).toBe("offline");
  });
});
