/**
 * Command lines of the commands that work on any operation of the spec: `operations`, `call`, `export`
 * and `completion`. What they share with `export-connections` (the server, the key, the output flags)
 * is parsed by the helpers in args.ts.
 */
import { parseArgs } from "node:util";
import { apiKeyEnvVar } from "@junction/client";
import { environments, secretFields } from "@junction/openapi-types";
import type { ConnectionArgs } from "./api.js";
import {
  connectionArgs,
  exitCodesHelp,
  outputArgs,
  outputOptions,
  type Parsed,
  parseError,
  unsafeApiKeyFlag,
} from "./args.js";
import { UsageError } from "./exit-codes.js";
import type { OutputArgs } from "./export.js";

/** What names the operation, and its request, as given (checked against the spec later). */
interface RequestArgs {
  /** Short name, operationId or "METHOD /path". */
  operation: string;
  /** Each `--param name=value`. */
  params: string[];
  /** `--body` JSON or `@file`. */
  body?: string;
}

/** `junction export <operation>`. */
export interface ExportArgs extends OutputArgs, RequestArgs {}

/** `junction call <operation>`. */
export interface CallArgs extends ConnectionArgs, RequestArgs {
  /** Write the answer to this file (required for a binary answer on a terminal). */
  out?: string;
  force: boolean;
  showSecrets: boolean;
}

/** `junction operations`. */
export interface OperationsArgs {
  /** Only operations that page. */
  paging: boolean;
  /** Only this tag. */
  tag?: string;
  json: boolean;
}

/** Shells `junction completion` writes a script for. */
export const shells = ["bash", "zsh"] as const;
export type Shell = (typeof shells)[number];

const requestOptions = {
  param: { type: "string", short: "p", multiple: true },
  body: { type: "string" },
} as const;

const connectionOptions = {
  environment: { type: "string" },
  "base-url": { type: "string" },
  "timeout-ms": { type: "string" },
  "max-retries": { type: "string" },
  [unsafeApiKeyFlag]: { type: "string" },
} as const;

const operationHelp = `An <operation> is its short name (user.get_all), its operationId, or its method and path in one
argument ("GET /v2/user"); \`junction operations\` lists them.`;

const requestHelp = `  -p, --param <name=value> A path, query or header parameter; repeat it for several (and for a list).
                           Names and values are checked against the spec before anything is sent
  --body <json|@file>      The JSON request body, or @path to read it from a file
  --environment <name>     ${Object.keys(environments).join(", ")} (default production)
  --base-url <url>         An explicit server instead, e.g. http://127.0.0.1:4010 for a local mock
  --timeout-ms <ms>        Limit of each attempt, response body included (default 60000; 0 turns it off)
  --max-retries <n>        Retries of a failed attempt: timeouts, connection failures, 408/429/5xx (default 2)
  --${unsafeApiKeyFlag} <key>   Take the API key from this flag instead of ${apiKeyEnvVar} (unsafe: shell
                           history and the process list show it)`;

/** Help of `junction export`. */
export const exportHelp = `Usage: junction export <operation> [--param name=value]... [--body JSON|@file] [options]

Exports every item of a paging operation, page by page, whichever way it pages (a body token, a
cursor, page numbers or offsets), as NDJSON (one item per line) or a JSON array.
${operationHelp}

Options
${requestHelp}
  -o, --out <file>         Write to this file (mode 0600), with a checkpoint beside it
                           (<file>.checkpoint.json) and a lock while it runs (<file>.lock). Default: stdout
  --format <ndjson|json>   ndjson (default): one item per line; json: one array, streamed
  --max-pages <n>          Stop after n pages (the checkpoint stays, so --resume continues)
  --resume                 Continue an interrupted export into --out from its checkpoint (both formats)
  --force                  Overwrite an existing --out file (and drop its checkpoint)
  --show-secrets           Print credential fields unmasked even when stdout is a terminal
  -q, --quiet              No progress and no summary on stderr (errors still print)
  -h, --help               Show this help

Progress goes to stderr. When stdout is a terminal, credential fields are masked
(${secretFields.join(", ")}); files and pipes get the real values.

${exitCodesHelp}

Examples
  junction export user.get_all --param limit=500 --out users.ndjson
  junction export lab_tests.get_orders --param size=100 --format json --out orders.json
  junction export vitals.steps_grouped --param user_id=<uuid> --param start_date=2025-01-01 -o steps.ndjson
  junction export link.bulk_export --body '{"provider":"oura"}' -o oura.ndjson
  junction export user.get_all --out users.ndjson --resume   # after Ctrl-C or a crash
`;

/** Help of `junction call`. */
export const callHelp = `Usage: junction call <operation> [--param name=value]... [--body JSON|@file] [options]

Makes one request and prints the JSON answer on stdout. A binary answer (a PDF) is written to --out,
or to stdout when it is not a terminal.
${operationHelp}

Options
${requestHelp}
  -o, --out <file>         Write the answer to this file (mode 0600) instead of stdout
  --force                  Overwrite an existing --out file
  --show-secrets           Print credential fields unmasked even when stdout is a terminal
  -h, --help               Show this help

${exitCodesHelp}

Examples
  junction call user.get --param user_id=<uuid>
  junction call "GET /v2/user" --param limit=5
  junction call lab_tests.get_result_pdf --param order_id=<uuid> --out result.pdf
`;

/** Help of `junction operations`. */
export const operationsHelp = `Usage: junction operations [--paging] [--tag <tag>] [--json]

Lists the API's operations, from the spec: short name, method and path, how it pages (body token,
cursor, page, offset) and whether it is deprecated or in beta.

Options
  --paging       Only the operations that page (what \`junction export\` takes)
  --tag <tag>    Only the operations of this tag (e.g. user, orders)
  --json         One JSON array instead of a table
  -h, --help     Show this help
`;

/** Help of `junction completion`. */
export const completionHelp = `Usage: junction completion <bash|zsh>

Prints a completion script: commands, options, operation names and each operation's parameters.

  bash:  echo 'source <(junction completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(junction completion zsh)' >> ~/.zshrc
`;

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(argv: string[], options: Record<string, unknown>, command: string) {
  try {
    return parseArgs({
      args: argv,
      // biome-ignore lint/suspicious/noExplicitAny: each command's own option table.
      options: options as any,
      strict: true,
      allowPositionals: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    throw parseError(error, command);
  }
}

function oneOperation(positionals: string[], command: string): string {
  const [operation, extra] = positionals;
  if (operation === undefined || operation.trim() === "") {
    throw new UsageError(
      `junction ${command} needs an operation, e.g. junction ${command} user.get_all. ` +
        "Run `junction operations` to list them.",
    );
  }
  if (extra !== undefined) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(extra)}: junction ${command} takes one operation. ` +
        'Quote a method and path as one argument ("GET /v2/user"); give parameters with --param name=value.',
    );
  }
  return operation;
}

const request = (values: Values, positionals: string[], command: string): RequestArgs => ({
  operation: oneOperation(positionals, command),
  params: (values.param as string[] | undefined) ?? [],
  body: values.body as string | undefined,
});

/** `junction export ...`. */
export function parseExport(argv: string[]): Parsed {
  const { values, positionals } = parse(argv, { ...outputOptions, ...requestOptions }, "export");
  if (values.help) return { kind: "help", text: exportHelp };
  const flags = values as Record<string, string | boolean | undefined>;
  return { kind: "export", args: { ...outputArgs(flags), ...request(values, positionals, "export") } };
}

/** `junction call ...`. */
export function parseCall(argv: string[]): Parsed {
  const { values, positionals } = parse(
    argv,
    {
      ...connectionOptions,
      ...requestOptions,
      out: { type: "string", short: "o" },
      force: { type: "boolean" },
      "show-secrets": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    "call",
  );
  if (values.help) return { kind: "help", text: callHelp };
  const out = values.out as string | undefined;
  if (out === "") throw new UsageError("--out needs a file name; leave it out to write to stdout.");
  return {
    kind: "call",
    args: {
      ...connectionArgs(values as Record<string, string | boolean | undefined>),
      ...request(values, positionals, "call"),
      out,
      force: values.force === true,
      showSecrets: values["show-secrets"] === true,
    },
  };
}

/** `junction operations ...`. */
export function parseOperations(argv: string[]): Parsed {
  const { values, positionals } = parse(
    argv,
    {
      paging: { type: "boolean" },
      tag: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    "operations",
  );
  if (values.help) return { kind: "help", text: operationsHelp };
  if (positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(positionals[0])}. Run \`junction operations --help\` for the options.`,
    );
  }
  return {
    kind: "operations",
    args: { paging: values.paging === true, tag: values.tag as string | undefined, json: values.json === true },
  };
}

/** `junction completion <shell>`. */
export function parseCompletion(argv: string[]): Parsed {
  const { values, positionals } = parse(argv, { help: { type: "boolean", short: "h" } }, "completion");
  if (values.help) return { kind: "help", text: completionHelp };
  const [shell, extra] = positionals;
  if (shell === undefined || !(shells as readonly string[]).includes(shell) || extra !== undefined) {
    throw new UsageError(
      `junction completion needs one shell, ${shells.join(" or ")}${shell === undefined ? "" : `, got ${JSON.stringify(positionals.join(" "))}`}. ` +
        "For bash: source <(junction completion bash).",
    );
  }
  return { kind: "completion", shell: shell as Shell };
}
