import { describe, expect, it } from "vitest";
import { inLocale } from "../../app/lib/i18n/request-locale.server";
import { decide, lastCoordinatorMessage, lockedThreadMessage, notFoundMessage, roleDeniedMessage } from "../../app/lib/policy";
import { joinRequestSchema, openJoinSchema } from "../../app/lib/membership-schemas";
import { describe as auditSentence } from "../../app/models/audit.server";
import { pendingRequestsLabel } from "../../app/components/membership/pending-badge";
import { format } from "../../app/lib/i18n/messages";

// Issue 21: the policy's refusals, the membership forms' messages, the audit log and the counts of
// the coalitions area speak the language of the request (inLocale stands for one here).

const open = { visibility: "public" as const };
const member = { userId: "u1", roles: ["member" as const] };

describe("policy refusals in the request's language", () => {
  it("are Chinese under inLocale('zh'), English outside any request", () => {
    inLocale("zh", () => {
      expect(decide({ userId: null, roles: ["anonymous"] }, "coalition:view", { coalition: { visibility: "private" } })).toEqual({ ok: false, status: 404, message: "此地址没有联盟，或您无权访问。" });
      expect(decide(member, "member:manage", { coalition: open })).toMatchObject({ status: 403, message: "您在该联盟中的角色不允许执行此操作。" });
      expect(decide(member, "document:edit", { coalition: { visibility: "public", archived: true } })).toMatchObject({ status: 403, message: "该联盟已归档：可以阅读，但不能更改。" });
      expect(decide(member, "post:create", { coalition: open, thread: { locked: true, audience: "public" } })).toMatchObject({ status: 409, message: lockedThreadMessage() });
      expect(lockedThreadMessage()).toBe("该讨论已锁定：一位协调人已关闭新的发言。您仍可阅读。");
      expect(decide(member, "document:edit", { coalition: open, document: { archived: true } })).toMatchObject({ status: 400, message: "请先恢复该文件，再重新命名。", field: "title" });
      expect(decide({ userId: "u2", roles: ["coordinator"] }, "member:leave", { coalition: open, membership: { role: "coordinator", next: null, coordinators: 1 } })).toMatchObject({
        status: 409,
        message: "联盟始终需要一名协调人：请在该协调人卸任或退出之前任命另一名协调人。",
      });
      expect(decide(member, "post:edit", { coalition: open, post: { authorId: "someone-else", deleted: false } })).toMatchObject({ status: 403, message: "只有作者可以编辑发言。" });
    });
    expect(notFoundMessage()).toBe("There is no coalition at this address, or you do not have access to it.");
    expect(roleDeniedMessage()).toBe("Your role in this coalition does not allow this.");
  });

  it("are built per call, so two requests in two languages each get their own", async () => {
    const [fr, ru] = await Promise.all([
      Promise.resolve().then(() => inLocale("fr", () => lastCoordinatorMessage())),
      Promise.resolve().then(() => inLocale("ru", () => lastCoordinatorMessage())),
    ]);
    expect(fr).toMatch(/^Une coalition a toujours besoin d’un coordinateur/);
    expect(ru).toMatch(/^У коалиции всегда должен быть координатор/);
  });
});

describe("the membership forms' messages", () => {
  it("speak French and Arabic when the form is checked in that language", () => {
    const missing = (locale: "fr" | "ar") =>
      inLocale(locale, () => {
        const r = joinRequestSchema.safeParse({ statement: " ", stakeholder_group: "nope", organization: "" });
        return r.success ? [] : r.error.issues.map((i) => i.message);
      });
    expect(missing("fr")).toEqual([
      "Expliquez en quelques mots pourquoi vous souhaitez adhérer.",
      "Choisissez votre groupe de parties prenantes.",
      "Indiquez votre organisation (ou écrivez «\u00a0indépendant\u00a0»).",
    ]);
    expect(missing("ar")[0]).toBe("اذكر في بضع كلمات سبب رغبتك في الانضمام.");
    // Read inside the request, as routes do (zod words an issue when it is read).
    const role = inLocale("es", () => openJoinSchema.safeParse({ role: "coordinator" }).error?.issues[0].message);
    expect(role).toBe("Elija miembro u observador/a.");
    const tooLong = inLocale("ru", () => joinRequestSchema.safeParse({ statement: "x".repeat(1001), stakeholder_group: "civil", organization: "A" }).error?.issues[0].message);
    expect(tooLong).toBe("Пожалуйста, короче: не более 1\u00a0000 символов.");
  });
});

describe("the audit log in other languages", () => {
  it("names the roles in the reader's language", () => {
    expect(inLocale("ru", () => auditSentence("member.role_changed", "Анна", "Борис", { from: "observer", to: "member" }))).toBe("Анна изменил(а) роль Борис: наблюдатель → участник");
    expect(inLocale("ar", () => auditSentence("join_request.approved", "آنا", "بن", { role: "coordinator" }))).toBe("وافق آنا على طلب بن بصفة منسق");
    expect(inLocale("fr", () => auditSentence("thread.audience_changed", "Ana", "—", { title: "Ordre du jour", audience: "members" }))).toBe("Ana a rendu la discussion «\u00a0Ordre du jour\u00a0» réservée aux membres");
    expect(inLocale("zh", () => auditSentence("document.frobbed", "Ana", "Ben", {}))).toBe("Ana：document.frobbed");
  });
});

describe("counts in each language's plural forms", () => {
  it("pending requests in Russian: one, few, many", () => {
    const ru = (n: number) => inLocale("ru", () => pendingRequestsLabel(n));
    expect(ru(1)).toBe("1 заявка ожидает решения");
    expect(ru(3)).toBe("3 заявки ожидают решения");
    expect(ru(5)).toBe("5 заявок ожидают решения");
    expect(ru(21)).toBe("21 заявка ожидает решения");
    expect(pendingRequestsLabel(1)).toBe("1 pending request");
    expect(pendingRequestsLabel(2)).toBe("2 pending requests");
  });

  it("pending requests and members in Arabic: one, two, few, many, other", () => {
    const ar = (n: number) => inLocale("ar", () => pendingRequestsLabel(n));
    expect(ar(1)).toBe("طلب معلق واحد");
    expect(ar(2)).toBe("طلبان معلقان");
    expect(ar(3)).toBe("3 طلبات معلقة");
    expect(ar(11)).toBe("11 طلبًا معلقًا");
    expect(ar(100)).toBe("100 طلب معلق");
    expect(format("ar", "members.coordinatorCount", { count: 2 })).toBe("منسقان");
    expect(format("ru", "members.coordinatorCount", { count: 2 })).toBe("2 координатора");
    expect(format("fr", "balance.intro", { count: 1, min: 3 })).toMatch(/^1 membre\. /);
    expect(format("zh", "home.changes.threads", { count: 4 })).toBe("4 个新讨论");
  });
});
