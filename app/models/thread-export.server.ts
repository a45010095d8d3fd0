import { getDb } from "../../db/client";
import { listAllPosts } from "../../db/queries/posts";
import type { Thread } from "../../db/schema";
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
    `Coalition: ${markdownText(access.coalition.name)} · ${rows.length} posts · started ${stamp(thread.created_at)} · exported ${stamp(new Date().toISOString())}`,
    "",
  ];
  for (const row of rows) {
    const who = [row.author_name ?? "Former user", row.author_organization, row.author_stakeholder_group ? stakeholderLabel(row.author_stakeholder_group) : null]
      .filter((v): v is string => Boolean(v))
      .map(markdownText)
      .join(", ");
    out.push("---", "", `### #${row.number} · ${who} · ${stamp(row.created_at)}${row.edited_at ? ` · edited ${stamp(row.edited_at)}` : ""}`, "");
    const target = row.reply_to_id ? numberOf.get(row.reply_to_id) : undefined;
    if (target) {
      const quoted = target.deleted_at || target.hidden_at ? "(not shown)" : markdownText(excerpt(target.body, 120));
      out.push(`> In reply to #${target.number} by ${markdownText(target.author_name ?? "Former user")}: ${quoted}`, "");
    }
    if (row.deleted_at) out.push("*Deleted by its author.*");
    else if (row.hidden_at) out.push(`*Hidden by a coordinator: ${markdownText(row.hidden_reason ?? "")}*`);
    else out.push(inertMarkdown(row.body));
    out.push("");
  }
  return out.join("\n");
}
