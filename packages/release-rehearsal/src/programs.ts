/**
 * The short programs a consumer writes: one real call through `@junction/client` (a page of the bulk
 * export), one call the server refuses (a typed `ValidationError`), and facts from
 * `@junction/openapi-types`. Written once here and emitted as CommonJS, ESM or a browser module, as
 * JavaScript or TypeScript, so that every module system runs the same code.
 */

/** How the program loads the packages and reports. */
export type ModuleSystem = "cjs" | "esm" | "browser";

/** What a program prints as one JSON line (Node) or leaves in `window.__result` (browser). */
export interface ProgramResult {
  /** Connections on the first bulk export page. */
  connections: number;
  /** `typeof` the first connection's `user_id`. */
  firstUserId: string;
  /** For the refused call: `[error instanceof ValidationError, error.status]`. */
  invalid: [boolean, number];
  /** `environments.sandbox` from `@junction/openapi-types`. */
  sandbox: string;
  /** `specVersion` from `@junction/openapi-types`. */
  specVersion: string;
  /** `typeof globalThis.process`: "undefined" in a browser. */
  process: string;
  /** Set when the program threw. */
  error?: string;
}

/** The API key the programs send: the mock accepts any non-empty key. */
export const programApiKey = "sk-rehearsal-key";

/**
 * The program's source. `typescript` adds type annotations and a line the type checker must refuse
 * (so a type check proves the types resolved to something stricter than `any`).
 */
export function consumerProgram(system: ModuleSystem, options: { typescript?: boolean } = {}): string {
  const ts = options.typescript === true;
  const imports =
    system === "cjs" && !ts
      ? [
          'const { createJunctionClient, unwrap, ValidationError } = require("@junction/client");',
          'const { environments, specVersion } = require("@junction/openapi-types");',
        ]
      : [
          'import { createJunctionClient, unwrap, ValidationError } from "@junction/client";',
          'import { environments, specVersion } from "@junction/openapi-types";',
        ];
  const baseUrl =
    system === "browser" ? 'new URL(location.href).searchParams.get("api")' : '(process.env.JUNCTION_BASE_URL ?? "")';
  const body = [
    `async function run()${ts ? ": Promise<Record<string, unknown>>" : ""} {`,
    `  const client = createJunctionClient({ baseUrl: ${baseUrl}${ts ? " ?? undefined" : ""}, apiKey: "${programApiKey}", timeoutMs: 10000 });`,
    '  const page = await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura" } }));',
    ...(ts
      ? [
          "  const connections: number = page.data.length;",
          "  // @ts-expect-error: not an operation of the API, so the types must refuse it",
          '  const refused = () => client.GET("/v2/no_such_path");',
          "  void refused;",
        ]
      : ["  const connections = page.data.length;"]),
    '  const invalid = await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "not_a_provider" } })).then(',
    "    () => undefined,",
    `    (error${ts ? ": unknown" : ""}) => error,`,
    "  );",
    "  return {",
    "    connections,",
    "    firstUserId: typeof page.data[0]?.user_id,",
    "    invalid: [invalid instanceof ValidationError, invalid instanceof ValidationError ? invalid.status : 0],",
    "    sandbox: environments.sandbox,",
    "    specVersion,",
    `    process: typeof ${ts ? "(globalThis as { process?: unknown })" : "globalThis"}.process,`,
    "  };",
    "}",
  ];
  const report =
    system === "browser"
      ? [
          "run().then(",
          "  (result) => Object.assign(window, { __result: result }),",
          `  (error${ts ? ": unknown" : ""}) => Object.assign(window, { __result: { error: String(error) } }),`,
          ");",
        ]
      : [
          "run().then(",
          "  (result) => console.log(JSON.stringify(result)),",
          `  (error${ts ? ": unknown" : ""}) => {`,
          "    console.log(JSON.stringify({ error: String(error) }));",
          "    process.exitCode = 1;",
          "  },",
          ");",
        ];
  return `${[...imports, "", ...body, "", ...report].join("\n")}\n`;
}

/** The last line of a program's output that is a JSON object, parsed. */
export function parseResult(stdout: string): ProgramResult {
  const line = stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`The program printed no result line:\n${stdout}`);
  return JSON.parse(line) as ProgramResult;
}
