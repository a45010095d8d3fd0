// ESLint flat config (versions pinned in package.json): ESLint's and typescript-eslint's
// recommended rules and the rules of React hooks, minus the few that fight this codebase (each
// turned off below with its reason). Layering (which folder may import which) is checked by
// tests/unit/layering.test.ts, which resolves every relative import; see docs/ARCHITECTURE.md.
import js from "@eslint/js";
import i18next from "eslint-plugin-i18next";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      ".cache/**",
      "data/**",
      "public/**",
      "**/node_modules/**",
      // A separate package (bench/package.json) of measurement programs, run by hand; not shipped.
      "bench/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "18.3" } },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // Each raw HTML insertion should say, in a disable comment, where its HTML was sanitized.
      "react/no-danger": "warn",
      // Unused names are errors, except the conventional `_`-prefixed placeholders.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // `any` appears at untyped edges (db-copy's introspected tables, worker messages); strict TypeScript covers the rest.
      "@typescript-eslint/no-explicit-any": "off",
      // Input is stripped of control characters on purpose (exports, search, the XSS corpus): such regexes are intended.
      "no-control-regex": "off",
      // `catch {}` where a failure is expected and harmless (a closed socket, a file already gone).
      "no-empty": ["error", { allowEmptyCatch: true }],
      // TypeScript reports undefined names itself; the rule misfires on type-only and DOM/Node globals.
      "no-undef": "off",
    },
  },
  {
    // Issue 21: every word a person reads comes from the catalogues (app/locales/*.json) through
    // `t`/`useT`. Text written straight into JSX, or into an attribute a person reads or hears
    // (labels, placeholders, titles, alternative text), is an error in pages and components.
    files: ["app/routes/**/*.tsx", "app/components/**/*.tsx", "app/root.tsx"],
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "jsx-attributes": { include: ["aria-label", "aria-description", "aria-roledescription", "alt", "title", "placeholder", "label"] },
          words: { exclude: ["[0-9!-/:-@[-`{-~\\s·—–…→←↑↓×✓✕•]+", "[A-Z_-]+"] },
        },
      ],
    },
  },
  {
    // Tests: an unused name or a bare expression (`void` reads, `expect`-less probes) is noise, not a bug.
    files: ["tests/**"],
    rules: {
      "@typescript-eslint/no-unused-vars": "warn",
      "@typescript-eslint/no-unused-expressions": "warn",
    },
  },
);
