/** What pages receive about a draft's comments (issue 23); built in app/models/comment-views.server.ts. */

export interface CommentReplyView {
  id: string;
  authorName: string;
  bodyHtml: string;
  body: string | null; // the Markdown, for the author's edit form only
  createdAt: string;
  editedAt: string | null;
  canEdit: boolean;
  canDelete: boolean;
}

export interface CommentThreadView extends CommentReplyView {
  anchorStart: string | null;
  anchorEnd: string | null;
  quote: string;
  versionNumber: number;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolvedVersionNumber: number | null;
  replies: CommentReplyView[];
}

export interface CommentsData {
  comments: CommentThreadView[];
  canComment: boolean;
}

export interface ResolvedCommentView {
  id: string;
  quote: string;
  authorName: string;
  bodyHtml: string;
  resolvedAt: string;
  resolvedBy: string;
  replies: { id: string; authorName: string; bodyHtml: string }[];
}

