import { getDb } from "../../db/client";
import { listAllPosts } from "../../db/queries/posts";
import type { Thread } from "../../db/schema";
import { t } from "../lib/i18n/messages";
import { inertMarkdown, markdownText } from "../lib/markdown-escape";
import { excerpt } from "../lib/markdown.server";
import { stakeholderLabel } from "../lib/stakeholders";
import type { CoalitionAccess } from "./access.server";

const stamp = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/**
 * The thread as one Markdown file: the coalition's archive. Deleted and hidden posts keep
 * their place with a note instead of their text (hidden text is not exported, even for
 * coordinators: the archive is meant to be shared).
 */
export async function exportThreadMarkdown(access: CoalitionAccess, thread: Thread): Promise<string> {
  const rows = await listAllPosts(getDb(), thread.id);
  const numberOf = new Map(rows.map((r) => [r.id, r]));
  const out: string[] = [
    `# ${markdownText(thread.title)}`,
    "",
    t("threads.export.header", {
      coalition: markdownText(access.coalition.name),
      count: rows.length,
      started: stamp(thread.created_at),
      exported: stamp(new Date().toISOString()),
    }),
    "",
  ];
  for (const row of rows) {
    const who = [row.author_name ?? t("threads.formerUser"), row.author_organization, row.author_stakeholder_group ? stakeholderLabel(row.author_stakeholder_group) : null]
      .filter((v): v is string => Boolean(v))
      .map(markdownText)
      .join(", ");
    out.push("---", "", `### #${row.number} · ${who} · ${stamp(row.created_at)}${row.edited_at ? ` · ${t("threads.export.edited", { time: stamp(row.edited_at) })}` : ""}`, "");
    const target = row.reply_to_id ? numberOf.get(row.reply_to_id) : undefined;
    if (target) {
      const quoted = target.deleted_at || target.hidden_at ? t("threads.export.notShown") : markdownText(excerpt(target.body, 120));
      out.push(`> ${t("threads.export.inReplyTo", { number: Number(target.number), name: markdownText(target.author_name ?? t("threads.formerUser")), quoted })}`, "");
    }
    if (row.deleted_at) out.push(`*${t("posts.deletedByAuthor")}*`);
    else if (row.hidden_at) out.push(`*${t("posts.hiddenByCoordinator", { reason: markdownText(row.hidden_reason ?? "") })}*`);
    else out.push(inertMarkdown(row.body));
    out.push("");
  }
  return out.join("\n");
}
