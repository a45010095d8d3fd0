import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { t } from "../lib/i18n/messages";
import { requireCoalitionAccess } from "../models/access.server";
import { commentsForViewer } from "../models/comment-views.server";
import { createComment, deleteComment, editComment, replyToComment, setCommentResolved, type CommentResult } from "../models/comments.server";
import { requireDocument } from "../models/documents.server";

/**
 * A draft's comments (issue 23), over HTTP: GET answers them as JSON (the page polls it), POST
 * changes one (intent: create, reply, edit, delete, resolve, reopen). Every request reads the
 * viewer's role afresh and asks the policy, so a role change applies to the very next request.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  // A resource route answers plain JSON Responses (Remix's data() is for its own page requests).
  return Response.json(await commentsForViewer(access, doc), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  const form = await request.formData();
  const text = (key: string) => String(form.get(key) ?? "");
  const intent = text("intent");
  const id = text("id");
  let result: CommentResult;
  if (intent === "create") result = await createComment(access, doc, { body: text("body"), anchor_start: text("anchor_start"), anchor_end: text("anchor_end"), quote: text("quote") });
  else if (intent === "reply") result = await replyToComment(access, doc, { body: text("body"), parent_id: text("parent_id") });
  else if (intent === "edit") result = await editComment(access, doc, id, text("body"));
  else if (intent === "delete") result = await deleteComment(access, doc, id);
  else if (intent === "resolve" || intent === "reopen") result = await setCommentResolved(access, doc, id, intent === "resolve");
  else return Response.json({ ok: false, intent, message: t("comments.error.unknownAction"), fieldErrors: {} }, { status: 400 });
  if (result.ok) return Response.json({ ok: true, intent, id: result.id });
  return Response.json({ ok: false, intent, message: result.message, fieldErrors: result.fieldErrors ?? {} }, { status: result.status });
}
