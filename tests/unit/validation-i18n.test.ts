import { describe, expect, it } from "vitest";
import { inLocale } from "../../app/lib/i18n/request-locale.server";
import { HANDLE_MESSAGES } from "../../app/lib/handles";
import { unsafeLineReason } from "../../app/lib/text-safety";
import { changePasswordSchema, coalitionRoleField, coalitionSchema, fieldErrors, loginSchema, profileSchema, signupSchema } from "../../app/lib/validation";
import { resetSchema } from "../../app/models/password-reset.server";

// Issue 21: the form schemas are module-level, yet each validation speaks the language of the
// request that runs it (inLocale stands for the request here); outside a request, English.

const errorsOf = (result: { success: boolean; error?: unknown }) => (result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0]));

describe("form messages in the request's language", () => {
  it("sign-up and log-in in Russian, with Russian plurals", () => {
    const r = inLocale("ru", () => errorsOf(signupSchema.safeParse({ name: "   ", email: "нет", password: "корот" })));
    expect(r).toEqual({
      name: "Введите своё имя.",
      email: "Введите действительный адрес электронной почты, например name@example.org.",
      password: "Используйте не менее 8 символов.",
    });
    expect(inLocale("ru", () => errorsOf(signupSchema.safeParse({ name: "Анна", email: "a@example.org", password: "x".repeat(257) })))).toEqual({
      password: "Используйте не более 256 символов.",
    });
    expect(inLocale("ru", () => errorsOf(loginSchema.safeParse({ email: "", password: "" })))).toEqual({
      email: "Введите адрес электронной почты.",
      password: "Введите пароль.",
    });
  });

  it("the profile, the handle and the password change in Russian", () => {
    const r = inLocale("ru", () => errorsOf(profileSchema.safeParse({ name: "Ann\u202Ea", handle: "12345", organization: "x".repeat(201), stakeholder_group: "lobby", region: "atlantis" })));
    expect(r).toEqual({
      name: "Удалите невидимые символы, меняющие направление текста (U+202A–U+202E, U+2066–U+2069).",
      handle: "Добавьте хотя бы одну букву.",
      organization: "Используйте не более 200 символов.",
      stakeholder_group: "Выберите группу заинтересованных сторон из списка.",
      region: "Выберите регион из списка.",
    });
    expect(inLocale("ru", () => HANDLE_MESSAGES.short)).toBe("Используйте не менее 3 символов.");
    expect(inLocale("ru", () => HANDLE_MESSAGES.reserved("admin"))).toBe("Имя «admin» зарезервировано. Выберите другое.");
    expect(inLocale("ru", () => errorsOf(changePasswordSchema.safeParse({ current_password: "", new_password: "длинная фраза-пароль", confirm_password: "другая" })))).toEqual({
      current_password: "Введите текущий пароль.",
      confirm_password: "Новые пароли не совпадают.",
    });
    expect(inLocale("ru", () => errorsOf(resetSchema.safeParse({ password: "длинная фраза-пароль", confirm_password: "другая" })))).toEqual({ confirm_password: "Пароли не совпадают." });
    expect(inLocale("ru", () => unsafeLineReason("\u200b"))).toBe("Используйте видимые символы, а не только пробелы или невидимые символы.");
  });

  it("the coalition schema in Russian, its role lists in Russian words", () => {
    const r = inLocale("ru", () =>
      errorsOf(coalitionSchema.safeParse({ name: "", slug: "Bad Slug", description: "", founders: "", visibility: "secret", join_policy: "open", open_roles: ["coordinator"] })),
    );
    expect(r).toMatchObject({
      name: "Используйте не менее 2 символов.",
      slug: "Используйте строчные латинские буквы, цифры и одиночные дефисы, например open-standards.",
      description: "Опишите коалицию одним-двумя предложениями.",
      visibility: "Выберите: открытая или закрытая.",
      open_roles: "При свободном вступлении предоставляется роль: участник или наблюдатель.",
    });
    expect(inLocale("ru", () => errorsOf(coalitionSchema.safeParse({ name: "Открытые стандарты", slug: "open", description: "О стандартах.", founders: Array(31).fill("Имя").join(","), visibility: "public", join_policy: "approval" })))).toMatchObject({
      founders: "Укажите не более 30 учредителей.",
    });
    const role = inLocale("ru", () => coalitionRoleField.safeParse("king").error?.issues[0].message);
    expect(role).toBe("Выберите роль: координатор, участник или наблюдатель.");
  });

  it("is English outside a request, and the same schema switches language per call", () => {
    expect(errorsOf(loginSchema.safeParse({ email: "", password: "" }))).toEqual({ email: "Enter your email address.", password: "Enter your password." });
    expect(inLocale("ar", () => errorsOf(signupSchema.safeParse({ name: "", email: "a@example.org", password: "x" })))).toEqual({
      name: "أدخل اسمك.",
      password: "استخدم 8 أحرف على الأقل.",
    });
    expect(inLocale("fr", () => errorsOf(signupSchema.safeParse({ name: "Zoé", email: "a@example.org", password: "x".repeat(300) })))).toEqual({
      password: "Utilisez au plus 256 caractères.",
    });
  });
});
