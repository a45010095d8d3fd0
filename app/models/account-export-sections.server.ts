import * as dataQ from "../../db/queries/account-data";
import type { Executor } from "../../db/queries/users";
import { loadAndRepair } from "./document-state.server";
import { renderMarkdown, yDocToNode } from "./document-render.server";

// The sections of "Download my data" (issue 27): each gathers one kind of the person's data as
// files of the archive (JSON for machines, Markdown for people). A new kind (comments, stances,
// endorsements…) is one more entry of EXPORT_SECTIONS.

export interface ExportFile {
  path: string;
  content: string;
}

export interface ExportSection {
  name: string;
  collect(db: Executor, userId: string): Promise<ExportFile[]>;
}

const json = (path: string, value: unknown): ExportFile => ({ path, content: `${JSON.stringify(value, null, 2)}\n` });

/** A file name from a title: letters and digits of any script kept, the rest dashes. */
function slugify(title: string, fallback: string): string {
  const s = title
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s || fallback;
}

const profile: ExportSection = {
  name: "profile",
  async collect(db, userId) {
    const row = await dataQ.profileOf(db, userId);
    return row ? [json("profile.json", row)] : [];
  },
};

const memberships: ExportSection = {
  name: "memberships",
  async collect(db, userId) {
    return [json("memberships.json", await dataQ.membershipsOf(db, userId))];
  },
};

const posts: ExportSection = {
  name: "posts",
  async collect(db, userId) {
    const rows = await dataQ.postsOf(db, userId);
    const md = rows.map((p) =>
      [`## ${p.coalition} · ${p.thread_title} · #${Number(p.number)}`, "", `${p.created_at}${p.edited_at ? ` (edited ${p.edited_at})` : ""}`, "", p.deleted_at ? "_(deleted)_" : p.body, ""].join("\n"),
    );
    return [json("posts.json", rows.map((p) => ({ ...p, number: Number(p.number) }))), { path: "posts.md", content: `# Posts\n\n${md.join("\n")}` }];
  },
};

const documents: ExportSection = {
  name: "documents",
  async collect(db, userId) {
    const rows = await dataQ.documentsCreatedBy(db, userId);
    const files: ExportFile[] = [json("documents.json", rows)];
    const used = new Set<string>();
    for (const d of rows) {
      const { doc } = await loadAndRepair(db, d.id);
      let name = slugify(d.title, d.id);
      if (used.has(name)) name = `${name}-${d.id}`;
      used.add(name);
      files.push({ path: `documents/${name}.md`, content: `# ${d.title}\n\n${renderMarkdown(yDocToNode(doc))}\n` });
      doc.destroy();
    }
    return files;
  },
};

/** THE sections of the archive, in order. */
export const EXPORT_SECTIONS: readonly ExportSection[] = [profile, memberships, posts, documents];
