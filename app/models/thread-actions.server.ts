import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { refusalResponse } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { refusal, threadNotFoundMessage, type Refusal } from "../lib/policy";
import type { Action } from "../lib/permissions";
import { editPostSchema, hidePostSchema, lockThreadSchema, moveThreadDocumentSchema, moveThreadSchema, newPostSchema, postIdSchema, POSTS_PER_PAGE, threadAudienceSchema } from "../lib/thread-validation";
import { guardStorage, storageUnavailableMessage } from "../lib/storage-errors";
import { fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "./access.server";
import { createPost, deletePost, editPost, postPath, previewPost, refuse, setPostHidden, threadPath } from "./posts.server";
import { findThread, moveThread, moveThreadToDocument, setThreadAudience, setThreadFlags } from "./threads.server";

/** What a refused or previewed action hands back to the thread page. */
export interface ThreadActionData {
  intent: string;
  fieldErrors: FieldErrors;
  formError?: string;
  values: { body: string; reply_to: string; post_id: string };
  preview?: string;
}

export type ThreadActionResult = { redirect: string } | { status: 200 | 503 | Refusal["status"]; data: ThreadActionData };

// The one permission each intent needs; authorship is checked by the model.
const INTENTS: Record<string, Action> = {
  preview: "post:create",
  post: "post:create",
  edit: "post:edit",
  // An archived coalition is read-only, even for authors; so is a locked thread (the policy refuses both).
  delete: "post:delete",
  hide: "thread:moderate",
  unhide: "thread:moderate",
  lock: "thread:moderate",
  unlock: "thread:moderate",
  pin: "thread:moderate",
  unpin: "thread:moderate",
  move: "thread:moderate",
  "move-document": "thread:moderate",
  audience: "thread:moderate",
};

/**
 * Runs one of the thread page's form intents: guard, parse, model call. Bad input answers
 * 400 with the typed text; nothing is written.
 */
export async function runThreadIntent(input: {
  context: AppLoadContext;
  request: Request;
  slug: string | undefined;
  threadId: string;
  form: FormData;
}): Promise<ThreadActionResult> {
  const raw = formToObject(input.form);
  const intent = String(raw.intent ?? "");
  const values = { body: String(raw.body ?? ""), reply_to: String(raw.reply_to ?? ""), post_id: String(raw.post_id ?? "") };
  // The one refusal shape: the model's Refusal, its message above the form unless it belongs under fields.
  const fail = (refused: Refusal, aboveForm = true): ThreadActionResult => ({
    status: refused.status,
    data: { intent, fieldErrors: refused.fieldErrors ?? {}, formError: aboveForm ? refused.message : undefined, values },
  });
  // Bad input: the messages go under their fields (and above the form only when given).
  const invalid = (formError: string | undefined, errors: FieldErrors): ThreadActionResult =>
    fail(refuse(400, formError ?? t("threads.form.correctFields"), errors), formError !== undefined);
  // Storage full or unreachable: nothing was saved; the composer comes back with what was typed.
  const unstored = (): ThreadActionResult => ({ status: 503, data: { intent, fieldErrors: {}, formError: storageUnavailableMessage(), values } });
  const needed = INTENTS[intent];
  if (!needed) return fail(refusal(400, t("threads.error.unknownAction")));
  const access = await requireCoalitionAccess(input.context, input.request, input.slug, needed);
  const found = await findThread(access, input.threadId);
  if (!found || !("thread" in found)) throw refusalResponse(refusal(404, threadNotFoundMessage()));
  const thread = found.thread;
  const slug = access.coalition.slug;
  const at = (number: number) => ({ redirect: postPath(slug, thread.id, number, POSTS_PER_PAGE) });
  const parse = <S extends z.ZodType>(schema: S): z.output<S> | ThreadActionResult => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const errors = fieldErrors(parsed.error);
    return invalid(errors.post_id ? t("posts.error.notFound") : undefined, errors);
  };
  const isResult = (v: unknown): v is ThreadActionResult => typeof v === "object" && v !== null && ("redirect" in v || "status" in v);

  switch (intent) {
    case "preview": {
      const preview = await previewPost(access, values.body);
      return preview.ok ? { status: 200, data: { intent, fieldErrors: {}, values, preview: preview.html } } : invalid(undefined, { body: preview.error });
    }
    case "post": {
      const p = parse(newPostSchema);
      if (isResult(p)) return p;
      const g = await guardStorage(() => createPost(access, thread, { body: p.body, replyTo: p.reply_to }, POSTS_PER_PAGE));
      if (!g.stored) return unstored();
      return g.value.ok ? at(g.value.number) : fail(g.value);
    }
    case "edit": {
      const p = parse(editPostSchema);
      if (isResult(p)) return p;
      const g = await guardStorage(() => editPost(access, thread, p.post_id, p.body));
      if (!g.stored) return unstored();
      return g.value.ok ? at(g.value.number) : fail(g.value);
    }
    case "delete": {
      const p = parse(postIdSchema);
      if (isResult(p)) return p;
      const r = await deletePost(access, thread, p.post_id);
      return r.ok ? at(r.number) : fail(r);
    }
    case "hide":
    case "unhide": {
      const p = parse(intent === "hide" ? hidePostSchema : postIdSchema);
      if (isResult(p)) return p;
      const reason = "reason" in p ? String(p.reason) : null;
      const r = await setPostHidden(access, thread, p.post_id, reason);
      return r.ok ? at(r.number) : fail(r);
    }
    case "lock": {
      const p = parse(lockThreadSchema);
      if (isResult(p)) return p;
      await setThreadFlags(access, thread, { locked: true }, p.reason);
      return { redirect: threadPath(slug, thread.id) };
    }
    case "unlock":
    case "pin":
    case "unpin":
      await setThreadFlags(access, thread, intent === "unlock" ? { locked: false } : { pinned: intent === "pin" });
      return { redirect: threadPath(slug, thread.id) };
    case "audience": {
      const p = parse(threadAudienceSchema);
      if (isResult(p)) return p;
      await setThreadAudience(access, thread, p.audience);
      return { redirect: threadPath(slug, thread.id) };
    }
    case "move-document": {
      const p = parse(moveThreadDocumentSchema);
      if (isResult(p)) return p;
      const r = await moveThreadToDocument(access, thread, p.document_id);
      return r.ok ? { redirect: threadPath(slug, thread.id) } : fail(r);
    }
    case "move": {
      const p = parse(moveThreadSchema);
      if (isResult(p)) return { ...p, ...("data" in p ? { data: { ...p.data, formError: t("moderation.error.chooseCoalition") } } : {}) };
      const r = await moveThread(access, thread, p.coalition_id);
      return r.ok ? { redirect: threadPath(r.slug, thread.id) } : fail(r);
    }
  }
  return fail(refusal(400, t("threads.error.unknownAction")));
}
