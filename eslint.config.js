// ESLint 9 flat config for the whole repository: TypeScript (type-aware rules are left out so that
// `npm run lint` stays fast; `npm run typecheck` is the type gate) plus React hooks for app/.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// TypeScript files need no `no-undef` (tsc checks names); these cover the plain .js/.mjs scripts
// without depending on the `globals` package, which is only a transitive dependency here.
const nodeGlobals = Object.fromEntries(
  ["process", "console", "Buffer", "URL", "URLSearchParams", "fetch", "setTimeout", "clearTimeout",
    "setInterval", "clearInterval", "setImmediate", "structuredClone", "AbortController", "TextEncoder",
    "TextDecoder"].map((name) => [name, "readonly"]),
);

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "server/db/generated/**",
      "node_modules/**",
      // Hidden top-level folders are caches and scratch space, never sources.
      ".*/**",
      "data/**",
      // Lock directories come and go while builds and servers run.
      "**/*.lock/**",
      "tests/.artifacts/**",
      "test-results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{js,mjs,cjs,ts,tsx}"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: nodeGlobals,
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      // `_name` marks a value destructured away on purpose (for example to drop a field).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Several modules use `a ?? b` style statements for their side effect (lazy init with ??=).
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
);
