import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { DecisionAnnexEntryTable, DecisionStanceTable, DecisionTable } from "./schema-decisions";

/**
 * The database contract, shared by SQLite and PostgreSQL. Types are honest about
 * driver values: times are ISO-8601 strings (`Date#toISOString()`), booleans are
 * 0/1 integers, Yjs state is `Uint8Array` (Buffer at runtime).
 */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  coalitions: CoalitionTable;
  memberships: MembershipTable;
  join_requests: JoinRequestTable;
  invitations: InvitationTable;
  audit_events: AuditEventTable;
  documents: DocumentTable;
  document_updates: DocumentUpdateTable;
  document_snapshots: DocumentSnapshotTable;
  document_quarantine: DocumentQuarantineTable;
  document_versions: DocumentVersionTable;
  document_checkpoints: DocumentCheckpointTable;
  document_authors: DocumentAuthorTable;
  document_day_states: DocumentDayStateTable;
  search_entries: SearchEntryTable; // SQLite only (migration 0007); PostgreSQL searches the sources
  threads: ThreadTable;
  posts: PostTable;
  post_revisions: PostRevisionTable;
  thread_reads: ThreadReadTable;
  notifications: NotificationTable;
  calendar_events: CalendarEventTable;
  event_attendance: EventAttendanceTable;
  calendar_feed_tokens: CalendarFeedTokenTable;
  document_translations: DocumentTranslationTable;
  translation_versions: TranslationVersionTable;
  output_languages: OutputLanguageTable;
  inbound_mail: InboundMailTable;
  endorsements: EndorsementTable;
  consultations: ConsultationTable;
  consultation_comments: ConsultationCommentTable;
  data_exports: DataExportTable;
  coalition_reports: CoalitionReportTable;
  coordination_attendance: CoordinationAttendanceTable;
  document_comments: DocumentCommentTable; // migration 0026
  decisions: DecisionTable; // migration 0024 (db/schema-decisions.ts)
  decision_stances: DecisionStanceTable;
  decision_annex_entries: DecisionAnnexEntryTable;
}

/** One person's endorsement of one published version (migration 0025); withdrawn ones are kept. */
export interface EndorsementTable {
  id: string;
  version_id: string;
  document_id: string;
  coalition_id: string;
  user_id: string;
  /** The organisation endorsed on behalf of; null: the person endorses as themselves. */
  organisation: string | null;
  stakeholder_group: StakeholderGroupId | null;
  region: RegionId | null;
  verified_at: string | null;
  verified_by: string | null;
  /** The endorsement of the previous version this one re-confirms, if any. */
  reconfirms_id: string | null;
  created_at: string;
  withdrawn_at: string | null;
}

/** A "Download my data" archive (migration 0031): kept privately until it expires; only the link token's SHA-256 is stored. */
export interface DataExportTable {
  id: string;
  user_id: string;
  status: "pending" | "ready" | "failed";
  token_hash: string | null;
  archive: Uint8Array | null;
  bytes: number | null;
  created_at: string;
  ready_at: string | null;
  expires_at: string | null;
}

/** A comment or reply on a draft (migration 0026); the anchor is two encoded Yjs relative positions. */
export interface DocumentCommentTable {
  id: string;
  document_id: string;
  coalition_id: string;
  parent_id: string | null;
  author_id: string | null;
  body: string;
  body_html: string;
  anchor_start: string | null;
  anchor_end: string | null;
  quote: string;
  version_number: number;
  created_at: string;
  edited_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolved_version_number: number | null;
}
export type DocumentComment = Selectable<DocumentCommentTable>;

/** A received mail handled once per recipient (migration 0023): what became of it. */
export interface InboundMailTable {
  message_id: string;
  recipient: string;
  outcome: string;
  created_at: string;
}

export type StakeholderGroupId = "government" | "technical" | "private" | "civil" | "academic";
export type RegionId = "african" | "asia_pacific" | "eastern_european" | "latin_american_caribbean" | "weog";
export type { CoalitionRole } from "../common/roles";
import type { CoalitionRole } from "../common/roles";
export type Visibility = "public" | "private";
export type JoinPolicy = "open" | "approval" | "invitation";
/** Who may read a thread (migration 0010): anyone who can see the coalition, or its members, coordinators and observers. */
export type ThreadAudience = "public" | "members";

export interface UserTable {
  id: string;
  email: string; // lower-cased, unique
  name: string;
  handle: string; // lower-case, unique (migration 0014): what mentions use, shown instead of the email
  organization: string | null;
  stakeholder_group: StakeholderGroupId | null;
  region: RegionId | null;
  password_hash: string;
  is_site_admin: number; // 0 | 1
  last_seen_at?: string | null; // last home-page visit (migration 0007)
  previous_visit_at?: string | null; // the home feed shows activity after this
  language?: string | null; // one of the six UN languages (migration 0019); null = the browser's Accept-Language
  time_zone?: string | null; // IANA zone the viewer reads times in (migration 0018); null = the browser's
  // Leaving for good (migration 0031): the due time of a requested deletion (null = none), whether the
  // person asked for their posts' text to go too, and when the row was anonymised.
  deletion_due_at?: string | null;
  deletion_erase_text?: ColumnType<number, number | undefined, number>;
  deleted_at?: string | null;
  email_verified_at?: string | null; // when the address was proven (migration 0027); null = not yet: no coalition mail
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string; // SHA-256 (hex) of the session token; the token itself is never stored
  user_id: string;
  expires_at: string;
  created_at: string;
  // Migration 0031: what the sessions list shows. Never the address itself, only a coarse hint.
  user_agent?: string | null;
  network_hint?: string | null;
  last_used_at?: string | null;
}

export interface LoginFailureTable {
  id: Generated<number>;
  key: string; // "account:<email>" or "address:<ip>"
  created_at: string;
}

export interface CoalitionTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  founders: string; // JSON array of organization names
  visibility: Visibility;
  join_policy: JoinPolicy;
  open_roles: string; // JSON array of roles granted by open joining, e.g. ["member","observer"]
  default_thread_audience: ColumnType<ThreadAudience, ThreadAudience | undefined, ThreadAudience>; // what the new-thread form starts from (migration 0010)
  /** Public contact fields (migration 0011); null = not given. */
  mailing_list: ColumnType<string | null, string | null | undefined, string | null>;
  website: ColumnType<string | null, string | null | undefined, string | null>;
  contact_email: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: mail from signed-up non-members to <slug>@MAIL_DOMAIN is held for a coordinator (migration 0027). */
  outside_mail?: ColumnType<number, number | undefined, number>;
  /** May observers comment on documents (migration 0026)? 0 | 1. */
  observers_may_comment: ColumnType<number, number | undefined, number>;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  id: string;
  coalition_id: string;
  user_id: string;
  role: CoalitionRole;
  created_at: string;
  updated_at: string;
}

export interface JoinRequestTable {
  id: string;
  coalition_id: string;
  user_id: string;
  statement: string;
  stakeholder_group: StakeholderGroupId;
  organization: string;
  /** As stated with the request (migration 0011); null on older requests. */
  region: ColumnType<RegionId | null, RegionId | null | undefined, RegionId | null>;
  status: "pending" | "approved" | "declined" | "withdrawn";
  decided_by: string | null;
  decided_role: CoalitionRole | null;
  decision_reason: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface InvitationTable {
  id: string;
  coalition_id: string;
  email: string;
  role: CoalitionRole;
  token_hash: string; // SHA-256 (hex) of the token in the link
  invited_by: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  coalition_id: string | null;
  actor_id: string | null;
  subject_user_id: string | null;
  subject_email: string | null;
  action: string;
  reason: string | null;
  detail: string | null; // JSON
  created_at: string;
}

export interface DocumentTable {
  id: string;
  coalition_id: string;
  title: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_edited_by: string | null;
  last_edited_at: string | null;
  archived_at: string | null;
  plain_text: string; // kept current on compaction and publication, for search
}

export interface DocumentUpdateTable {
  seq: Generated<number>;
  document_id: string;
  data: Uint8Array;
  user_id: string | null;
  created_at: string;
}

export interface DocumentSnapshotTable {
  document_id: string;
  data: Uint8Array;
  last_seq: number; // every update with seq <= last_seq is merged into data
  updated_at: string;
}

export interface DocumentQuarantineTable {
  id: Generated<number>;
  document_id: string;
  source_seq: number | null;
  data: Uint8Array;
  reason: string;
  created_at: string;
}

export interface DocumentVersionTable {
  id: string;
  document_id: string;
  coalition_id: string;
  number: number;
  label: string;
  note: string | null;
  html: string;
  state: Uint8Array;
  plain_text: string;
  published_by: string;
  published_at: string;
  // Withdrawal (migration 0012): the version stays readable at its permalink, marked withdrawn.
  withdrawn_at: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The draft just before a restore (migration 0012): what "Undo restore" brings back. */
/** Who typed with a Yjs client id in a document (migration 0032): the first sender keeps it. */
export interface DocumentAuthorTable {
  document_id: string;
  /** A Yjs client id (unsigned 32-bit; bigint on PostgreSQL, which answers it as a string). */
  client_id: ColumnType<number | string, number, never>;
  /** NULL once the account is deleted. */
  user_id: string | null;
  first_seen_at: string;
}

/** A document's state at the end of a UTC day with edits, kept before compaction (migration 0034, issue 23's timeline). */
export interface DocumentDayStateTable {
  document_id: string;
  day: string; // YYYY-MM-DD (UTC)
  state: Uint8Array;
  user_ids: string; // JSON array of the people who sent that day's log rows
  created_at: string;
  /** How `state` is stored (migration 0036): "yjs" (the update's bytes, rows kept before it) or "deflate". */
  encoding: ColumnType<DayStateEncoding, DayStateEncoding | undefined, never>;
}

export type DayStateEncoding = "yjs" | "deflate";

export interface DocumentCheckpointTable {
  id: string;
  document_id: string;
  reason: "restore";
  version_id: string | null;
  state: Uint8Array;
  created_by: string | null;
  created_at: string;
  undone_at: string | null;
}

/** A translation document and what it translates (migration 0021). `language` is one of common/locales. */
export interface DocumentTranslationTable {
  document_id: string;
  coalition_id: string;
  source_document_id: string;
  source_version_id: string;
  language: string;
  created_by: string | null;
  created_at: string;
}

/** The source version a published version of a translation translates (migration 0021). */
export interface TranslationVersionTable {
  version_id: string;
  source_version_id: string;
  language: string;
}

/** The language a coalition adopted an output in (migration 0021); absent = English. */
export interface OutputLanguageTable {
  document_id: string;
  language: string;
  set_by: string | null;
  set_at: string;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Coalition = Selectable<CoalitionTable>;
export type NewCoalition = Insertable<CoalitionTable>;
export type CoalitionUpdate = Updateable<CoalitionTable>;
export type Membership = Selectable<MembershipTable>;
export type JoinRequest = Selectable<JoinRequestTable>;
export type Invitation = Selectable<InvitationTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type DocumentRow = Selectable<DocumentTable>;
export type DocumentVersion = Selectable<DocumentVersionTable>;

// Discussion threads (migration 0006).

export interface ThreadTable {
  id: string;
  coalition_id: string;
  title: string;
  author_id: string | null;
  document_id: string | null; // a thread "about" a document is listed on that document's page
  pinned: number; // 0 | 1
  locked: number; // 0 | 1
  // Migration 0013: why, when and by whom it was locked (null while unlocked).
  locked_reason: ColumnType<string | null, string | null | undefined, string | null>;
  locked_at: ColumnType<string | null, string | null | undefined, string | null>;
  locked_by: ColumnType<string | null, string | null | undefined, string | null>;
  audience: ThreadAudience; // migration 0010
  post_count: number;
  last_post_number: number; // the per-thread sequence: the next post gets last_post_number + 1
  last_activity_at: string;
  last_post_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostTable {
  id: string;
  thread_id: string;
  number: number;
  author_id: string | null;
  body: string; // Markdown as written ("" once deleted by its author)
  body_html: string; // sanitised HTML rendered from body at write time
  reply_to_id: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_by: string | null;
  hidden_reason: string | null;
  created_at: string;
}

export interface PostRevisionTable {
  id: Generated<number>;
  post_id: string;
  body: string; // the text before the change
  edited_by: string | null;
  reason: "edit" | "delete";
  created_at: string;
}

export interface ThreadReadTable {
  user_id: string;
  thread_id: string;
  last_read_number: number;
  updated_at: string;
}

export type NotificationKind = "mention" | "reply" | "membership" | "moderation" | "endorsement";

export interface NotificationTable {
  id: Generated<number>;
  user_id: string;
  kind: NotificationKind;
  /** The English rendering: what rows from before migration 0020 have, and what search and exports use. */
  text: string;
  /** The catalogue message (migration 0020), shown in the reader's language; null on older rows. */
  message_id: string | null;
  /** Its values as JSON text (an object of strings and numbers), or null. */
  message_values: string | null;
  link: string; // a same-site path
  read_at: string | null;
  created_at: string;
}

export type Thread = Selectable<ThreadTable>;
export type Post = Selectable<PostTable>;
export type PostRevision = Selectable<PostRevisionTable>;
export type Notification = Selectable<NotificationTable>;

// Search (migration 0007). On SQLite, search_fts (FTS5, trigram) rows have rowid = search_entries.id.

export type SearchKind = "coalition" | "document" | "output" | "thread" | "post" | "consultation"; // consultation: a comment (migration 0035)

export interface SearchEntryTable {
  id: number;
  kind: SearchKind;
  ref_id: string;
  coalition_id: string;
  at: string;
}

// The calendar (migration 0018): forum events (coalition_id null) and coalition meetings.

export type ForumEventKind = "consultation" | "call_for_sessions" | "report_deadline" | "annual_meeting" | "coordination_meeting";
export type CalendarEventKind = ForumEventKind | "meeting";
export type MeetingMode = "online" | "in_person";

export interface CalendarEventTable {
  id: string;
  coalition_id: string | null;
  kind: CalendarEventKind;
  title: string;
  starts_at: string; // UTC
  ends_at: string; // UTC, >= starts_at
  deadline_at: string | null; // a call for sessions' deadline (UTC)
  time_zone: string; // the IANA zone it was entered in
  mode: MeetingMode | null;
  location: string | null;
  url: string | null;
  description: string; // Markdown as written
  description_html: string; // sanitised HTML rendered at write time
  agenda_document_id: string | null;
  minutes_document_id: string | null;
  is_example: ColumnType<number, number | undefined, number>; // 0 | 1
  sequence: ColumnType<number, number | undefined, number>; // RFC 5545 SEQUENCE: +1 on each change
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventAttendanceTable {
  event_id: string;
  user_id: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface CalendarFeedTokenTable {
  user_id: string;
  token_hash: string; // SHA-256 (hex) of the token in the feed's address
  created_at: string;
}

export type CalendarEvent = Selectable<CalendarEventTable>;

// Public consultation (migration 0028): a version open for comments, paragraph by paragraph.

export type ConsultationAnswer = "accepted" | "partly" | "rejected" | "noted";

export interface ConsultationTable {
  id: string;
  coalition_id: string;
  version_id: string; // unique: one consultation per version
  document_id: string;
  introduction: string;
  closes_at: string; // UTC
  time_zone: string; // the zone the closing date was entered in
  opened_by: string | null;
  opened_at: string;
  closed_at: ColumnType<string | null, string | null | undefined, string | null>; // explicit close
  closed_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ConsultationCommentTable {
  id: string;
  consultation_id: string;
  parent_id: string | null; // a reply's comment
  author_id: string | null;
  paragraph_from: number;
  paragraph_to: number;
  stakeholder_group: string;
  region: string | null;
  body: string;
  body_html: string;
  created_at: string;
  hidden_at: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  answer: ColumnType<ConsultationAnswer | null, ConsultationAnswer | null | undefined, ConsultationAnswer | null>;
  answer_reason: ColumnType<string | null, string | null | undefined, string | null>;
  answered_by: ColumnType<string | null, string | null | undefined, string | null>;
  answered_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A document marked as a coalition's annual report or session report for a year (migration 0029). */
export type CoalitionReportKind = "annual" | "session";
export interface CoalitionReportTable {
  document_id: string;
  coalition_id: string;
  kind: CoalitionReportKind;
  year: number;
  created_by: string | null;
  created_at: string;
}

/** A coalition took part in a forum coordination-group meeting (migration 0029), recorded by a coordinator. */
export interface CoordinationAttendanceTable {
  event_id: string;
  coalition_id: string;
  recorded_by: string | null;
  recorded_at: string;
}
