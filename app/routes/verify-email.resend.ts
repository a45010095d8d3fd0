import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirectTarget } from "../lib/redirect-target";
import { resendVerification } from "../models/email-verification.server";

// POST only: mails the signed-in person's pending verification link again (the banner's button).
export async function loader() {
  throw redirect("/settings/profile");
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.user) throw redirect("/login");
  const form = await request.formData();
  await resendVerification(context.user.id);
  const target = safeRedirectTarget(form.get("redirectTo"), "/settings/profile");
  return redirect(`${target}${target.includes("?") ? "&" : "?"}verifyResent=1`);
}
