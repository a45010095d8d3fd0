// The Yjs helpers live in common/ydoc/ (a neutral place that app/, server/ and db/ may all import).
export * from "../../common/ydoc/ydoc-state";
