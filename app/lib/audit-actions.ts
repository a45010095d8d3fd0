// The audited actions live in common/ (the app and the database layer both use them).
export * from "../../common/audit-actions";
