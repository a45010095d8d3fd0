import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { requireCoalitionAccess } from "../models/access.server";
import { exportThreadMarkdown } from "../models/thread-export.server";
import { findThread } from "../models/threads.server";

/** The thread as a Markdown file (an archive the coalition can keep). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:read");
  const found = await findThread(access, params.threadId ?? "");
  if (!found || !("thread" in found)) throw notFound(t("threads.notFound"));
  const markdown = await exportThreadMarkdown(access, found.thread);
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${access.coalition.slug}-thread-${found.thread.id}.md"`,
    },
  });
}
