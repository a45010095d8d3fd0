/** The password reset pages' and model's sentences, in one place (the pages render them too). */
export const RESET_TEXT = {
  sent: "If an account uses this address, we have sent it a link to choose a new password. The link works once, for one hour.",
  throttled: (minutes: number) => `Too many reset requests. Try again in ${minutes} minute(s).`,
  invalid: "This link is not valid any more: it was used already, it is more than an hour old, or a newer link was sent. Ask for a new one.",
  tooCommon: "That password is too common. Choose one that is harder to guess.",
  mismatch: "The two passwords do not match.",
};
