import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "../models/auth.server";

// POST /logout ends the session (its row is deleted; its websockets close). GET does nothing.
export async function action({ context }: ActionFunctionArgs) {
  if (!context.session) return redirect("/");
  const cookie = await endSession(context.session.id);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
