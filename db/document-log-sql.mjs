// @ts-check
// The one source of the SQL of a document's durable Yjs state: the append-only log
// (document_updates), its compacted snapshot (document_snapshots) and the stamps a compaction or an
// edit leaves on the document row. Used as prepared statements by the SQLite writer and compactor
// threads (db/sqlite-writer-core.mjs) and, through Kysely's CompiledQuery.raw, by
// db/queries/document-state.ts on SQLite and PostgreSQL alike. Plain JavaScript so a worker thread
// loads it under any loader. The dialects differ only in how parameters are written (? or $n).
// tests/unit/document-log-sql.test.ts fails if these statements are spelled anywhere else.

/** @typedef {"sqlite" | "postgres"} LogDialect */

/**
 * The statements in one dialect. Parameters, in order, are given in each comment; statements over a
 * variable number of rows are functions of that number.
 * @param {LogDialect} dialect
 */
export function documentLogStatements(dialect) {
  /** A fresh placeholder numbering for one statement: `?` on SQLite, `$1, $2, …` on PostgreSQL. */
  const params = () => {
    let n = 0;
    return () => (dialect === "postgres" ? `$${++n}` : "?");
  };
  /** @param {() => string} p @param {number} count */
  const list = (p, count) => Array.from({ length: count }, () => p()).join(", ");
  /** @param {number} count */
  const atLeastOne = (count) => {
    if (!Number.isInteger(count) || count < 1) throw new Error(`a statement over ${count} rows`);
    return count;
  };
  /** @param {boolean} keepNewer */
  const upsertSnapshot = (keepNewer) => {
    const p = params();
    return (
      `insert into document_snapshots (document_id, data, last_seq, updated_at) values (${list(p, 4)}) ` +
      "on conflict (document_id) do update set data = excluded.data, last_seq = excluded.last_seq, updated_at = excluded.updated_at" +
      // Never replace a newer snapshot with an older one (two compactions racing).
      (keepNewer ? " where document_snapshots.last_seq < excluded.last_seq" : "")
    );
  };
  /** @param {(q: () => string) => string} build */
  const fixed = (build) => build(params());
  return Object.freeze({
    /** (document_id, data, user_id, created_at) × count → seq per row (in row order on both dialects' auto-increment, but RETURNING's order is not promised). */
    insertUpdates: (/** @type {number} */ count) => {
      const q = params();
      const rows = Array.from({ length: atLeastOne(count) }, () => `(${list(q, 4)})`).join(", ");
      return `insert into document_updates (document_id, data, user_id, created_at) values ${rows} returning seq`;
    },
    /** (document_id) → seq, data: every row still in the log. */
    selectLog: fixed((q) => `select seq, data from document_updates where document_id = ${q()} order by seq`),
    /** (document_id) → data, user_id, created_at: every row still in the log with its sender and time (the timeline's days). */
    selectTimedLog: fixed((q) => `select data, user_id, created_at from document_updates where document_id = ${q()} order by seq`),
    /** (document_id) → oldest: the time of the earliest row still in the log. */
    selectOldestLogTime: fixed((q) => `select min(created_at) as oldest from document_updates where document_id = ${q()}`),
    /** (document_id) → seq. */
    selectLogSeqs: fixed((q) => `select seq from document_updates where document_id = ${q()} order by seq`),
    /** (document_id, seq × count) → seq, data. */
    selectLogRows: (/** @type {number} */ count) => {
      const q = params();
      return `select seq, data from document_updates where document_id = ${q()} and seq in (${list(q, atLeastOne(count))}) order by seq`;
    },
    /** (document_id, after seq, up to seq) → seq, data: the rows a snapshot at `after` does not cover, up to a bound. */
    selectTail: fixed((q) => `select seq, data from document_updates where document_id = ${q()} and seq > ${q()} and seq <= ${q()} order by seq`),
    /** (document_id) → data, last_seq, updated_at. */
    selectSnapshot: fixed((q) => `select data, last_seq, updated_at from document_snapshots where document_id = ${q()}`),
    /** (document_id) → last_seq, updated_at, size: the snapshot's stamp without its data. */
    selectSnapshotStamp: fixed((q) => `select last_seq, updated_at, length(data) as size from document_snapshots where document_id = ${q()}`),
    /** (document_id, data, last_seq, updated_at): writes the snapshot unless the stored one is at least as new. */
    upsertSnapshot: upsertSnapshot(true),
    /** (document_id, data, last_seq, updated_at): writes the snapshot whatever is stored (the caller merged it). */
    replaceSnapshot: upsertSnapshot(false),
    /** (document_id). */
    deleteSnapshot: fixed((q) => `delete from document_snapshots where document_id = ${q()}`),
    /** (document_id, last_seq): the rows a snapshot at last_seq covers. */
    deleteCovered: fixed((q) => `delete from document_updates where document_id = ${q()} and seq <= ${q()}`),
    /** (document_id, seq × count): exactly these rows. */
    deleteRows: (/** @type {number} */ count) => {
      const q = params();
      return `delete from document_updates where document_id = ${q()} and seq in (${list(q, atLeastOne(count))})`;
    },
    /** (plain_text, id). */
    setPlainText: fixed((q) => `update documents set plain_text = ${q()} where id = ${q()}`),
    /** (plain_text or null to keep it, last_edited_at, last_edited_by, updated_at, id). */
    setEdited: fixed(
      (q) => `update documents set plain_text = coalesce(${q()}, plain_text), last_edited_at = ${q()}, last_edited_by = ${q()}, updated_at = ${q()} where id = ${q()}`,
    ),
  });
}

/** @typedef {ReturnType<typeof documentLogStatements>} DocumentLogStatements */
