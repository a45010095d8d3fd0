// The shapes the consultation page's components receive (plain data from the loader).

export interface CommentViewData {
  id: string;
  paragraph: string;
  from: number;
  to: number;
  author: string;
  handle: string | null;
  group: string;
  createdAt: string;
  html: string | null;
  hiddenReason: string | null;
  answer: { value: string; label: string; reason: string; by: string | null } | null;
  replies: CommentViewData[];
}

export interface BlockData {
  number: number;
  anchor: string;
  kind: string;
  level: number | null;
  depth: number;
  html: string;
  count: number;
}

/** What the action answered for one form (matched by intent and the comment it concerns). */
export interface FormAnswer {
  intent: string;
  target: string | null;
  message: string | null;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

export interface DispositionRowData {
  paragraph: string;
  comment: string;
  commenter: string;
  group: string;
  answer: string;
  reason: string;
}
