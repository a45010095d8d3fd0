import { t } from "./i18n/messages";

/** The password reset pages' and model's sentences, in the request's language (the pages render them too). */
export const RESET_TEXT = {
  get sent(): string {
    return t("password.reset.sent");
  },
  throttled: (minutes: number) => t("password.reset.throttled", { minutes }),
  get invalid(): string {
    return t("password.reset.invalid");
  },
  get tooCommon(): string {
    return t("password.tooCommon");
  },
  get mismatch(): string {
    return t("password.reset.mismatch");
  },
};
