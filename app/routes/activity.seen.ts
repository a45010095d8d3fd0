import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "../models/access.server";
import { markActivitySeen } from "../models/activity.server";

// POST /activity/seen: the home feed's "Mark all as seen". GET has nothing to show.
export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  await markActivitySeen(user);
  return redirect("/");
}

export async function loader() {
  return redirect("/");
}
