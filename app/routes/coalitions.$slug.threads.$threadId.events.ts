import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { requireCoalitionAccess } from "../models/access.server";
import { liveThreadStream } from "../models/thread-live.server";
import { findThread } from "../models/threads.server";

/** Server-sent events: the thread's new posts, for viewers who may read it. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:read");
  const found = await findThread(access, params.threadId ?? "");
  if (!found || !("thread" in found)) throw notFound(t("threads.notFound"));
  const stream = liveThreadStream({ coalitionId: access.coalition.id, threadId: found.thread.id, userId: access.user?.id ?? null, signal: request.signal });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
