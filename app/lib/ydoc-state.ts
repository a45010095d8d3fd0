// The Yjs helpers live in shared/ydoc/ (a neutral place that app/, server/ and db/ may all import).
export * from "../../shared/ydoc/ydoc-state";
