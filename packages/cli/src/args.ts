import { parseArgs } from "node:util";
import { apiKeyEnvVar, JunctionConfigError, resolveTarget } from "@junction/client";
import { type Environment, environments, OAuthProvidersValues, secretFields } from "@junction/openapi-types";
import type { CallArgs, ExportArgs, OperationsArgs, Shell } from "./args-operations.js";
import { UsageError } from "./exit-codes.js";
import type { OutputArgs } from "./export.js";

/** Output formats of `export-connections`. */
export const formats = ["ndjson", "json"] as const;
/** An output format: `ndjson` (one connection per line) or `json` (one array). */
export type Format = (typeof formats)[number];

/** The flag that takes the API key on the command line, where shell history and `ps` can see it. */
export const unsafeApiKeyFlag = "unsafe-api-key";

/** What `junction export-connections` was asked to do, checked but not yet resolved (files are read later). */
export interface ExportConnectionsArgs extends OutputArgs {
  /** Provider whose connections to export; any name is passed on (the enum is non-exhaustive). */
  provider: string;
  /** `--user-ids` as given (comma list). */
  userIdsList?: string;
  /** `--user-ids-file` path. */
  userIdsFile?: string;
  /** Print the advice to pause connections first. Default `true`; `--no-warn` (or `--quiet`) turns it off. */
  warn: boolean;
}

/** Result of parsing: the command to run, or help/version to print. */
export type Parsed =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "export-connections"; args: ExportConnectionsArgs }
  | { kind: "export"; args: ExportArgs }
  | { kind: "call"; args: CallArgs }
  | { kind: "operations"; args: OperationsArgs }
  | { kind: "completion"; shell: Shell };

export const exitCodesHelp = `Exit codes
  0    success: every item was exported, the call answered 2xx (or --help, --version)
  1    the request or export failed: API error (HTTP status, connection, timeout, pagination loop) or
       writing the output
  2    usage error: unknown flag, operation or parameter, a bad value, no API key, unknown --environment,
       bad --base-url, output exists, nothing to resume. Nothing was sent
  130  interrupted (Ctrl-C); run the same command with --resume to continue`;

/** `text` broken into lines of at most `width` characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l) => " ".repeat(indent) + l).join("\n");
}

/** Help of `junction export-connections`. */
export const exportConnectionsHelp = `Usage: junction export-connections --provider <name> [options]

Exports the connections of one provider through POST /v2/link/bulk_export, page by page, as
NDJSON (one connection per line, the shape bulk import takes back) or a JSON array.

Options
  --provider <name>        Provider to export (required). Known providers:
${wrap(`${OAuthProvidersValues.join(", ")}.`, 27, 100)}
                           Other names are sent as given (the API's list is non-exhaustive).
  --user-ids <a,b,...>     Only these users (comma-separated UUIDs)
  --user-ids-file <path>   Only the users listed in a file: one UUID per line or comma-separated,
                           blank lines and # comments ignored
  -o, --out <file>         Write to this file (created with mode 0600: it holds live OAuth tokens),
                           with a checkpoint beside it (<file>.checkpoint.json) and a lock while
                           it runs (<file>.lock). Default: stdout
  --format <ndjson|json>   ndjson (default): one connection per line; json: one array, streamed
  --environment <name>     ${Object.keys(environments).join(", ")} (default production)
  --base-url <url>         An explicit server instead, e.g. http://127.0.0.1:4010 for a local mock
  --timeout-ms <ms>        Limit of each attempt, response body included (default 60000; 0 turns it off)
  --max-retries <n>        Retries of a failed attempt: timeouts, connection failures, 408/429/5xx (default 2)
  --max-pages <n>          Stop after n pages (the checkpoint stays, so --resume continues)
  --resume                 Continue an interrupted export into --out from its checkpoint
  --force                  Overwrite an existing --out file (and drop its checkpoint)
  --show-secrets           Print tokens unmasked even when stdout is a terminal
  -q, --quiet              No progress, no summary and no tip on stderr (errors still print)
  --no-warn                Do not print the advice to pause connections before exporting
  --${unsafeApiKeyFlag} <key>   Take the API key from this flag instead of ${apiKeyEnvVar}. Unsafe: the key
                           lands in your shell history and is visible to other users in the process list
  -h, --help               Show this help

The API key is read from ${apiKeyEnvVar}. Progress goes to stderr: a live line on a terminal, a
line every 10 pages or 2 s otherwise, and a summary at the end.

When stdout is a terminal, credential fields are masked (${secretFields.join(", ")}; --show-secrets
prints them); files and pipes always get the real values.

${exitCodesHelp}

Examples
  export ${apiKeyEnvVar}=...        # your team's API key
  junction export-connections --environment sandbox --provider oura --out oura.ndjson
  junction export-connections --provider fitbit --user-ids-file users.txt --format json -o fitbit.json
  junction export-connections --provider oura --out oura.ndjson --resume   # after Ctrl-C or a crash
`;

/** The options of every export (`export`, `export-connections`). */
export const outputOptions = {
  out: { type: "string", short: "o" },
  format: { type: "string" },
  environment: { type: "string" },
  "base-url": { type: "string" },
  "timeout-ms": { type: "string" },
  "max-retries": { type: "string" },
  [unsafeApiKeyFlag]: { type: "string" },
  "max-pages": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  resume: { type: "boolean" },
  force: { type: "boolean" },
  "show-secrets": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const exportConnectionsOptions = {
  ...outputOptions,
  provider: { type: "string" },
  "user-ids": { type: "string" },
  "user-ids-file": { type: "string" },
  "no-warn": { type: "boolean" },
} as const;

/** Rewords node:util parseArgs errors, which suggest `--` tricks, into what the user should change. */
export function parseError(error: unknown, command: string): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const seeHelp = `Run \`junction ${command} --help\` for the options.`;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return new UsageError(`Unknown option ${flag}. ${seeHelp}`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const value = /'([^']+)'/.exec(message)?.[1] ?? message;
    return new UsageError(`Unexpected argument ${JSON.stringify(value)}. ${seeHelp}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    // e.g. "Option '--provider <value>' argument missing" or "argument is ambiguous".
    const flag = /'(--?[\w-]+)/.exec(message)?.[1] ?? "an option";
    return new UsageError(`${flag} needs a value (${message.replace(/\.$/, "")}). ${seeHelp}`);
  }
  return new UsageError(`${message} ${seeHelp}`);
}

export function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${name} must be a whole number of at least 1, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/** Checks `--environment` with the client's own rule, worded for the command line. */
export function checkEnvironment(name: string): void {
  try {
    resolveTarget({ environment: name as Environment });
  } catch (error) {
    if (!(error instanceof JunctionConfigError)) throw error;
    throw new UsageError(
      `Unknown environment ${JSON.stringify(name)}: use one of ${Object.keys(environments).join(", ")}, ` +
        "or --base-url <url>.",
    );
  }
}

/** `junction export-connections ...`. */
export function parseExportConnections(argv: string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: exportConnectionsOptions, strict: true, allowPositionals: false }));
  } catch (error) {
    throw parseError(error, "export-connections");
  }
  if (values.help) return { kind: "help", text: exportConnectionsHelp };
  const text = (name: string) => values[name] as string | undefined;

  const provider = text("provider")?.trim();
  if (!provider) {
    throw new UsageError(
      `--provider is required, e.g. --provider oura. Known providers: ${OAuthProvidersValues.join(", ")}.`,
    );
  }
  if (text("user-ids") !== undefined && text("user-ids-file") !== undefined) {
    throw new UsageError("Give either --user-ids or --user-ids-file, not both.");
  }
  return {
    kind: "export-connections",
    args: {
      ...outputArgs(values),
      provider,
      userIdsList: text("user-ids"),
      userIdsFile: text("user-ids-file"),
      warn: values["no-warn"] !== true,
    },
  };
}

/** A whole number of at least 0, or `undefined` when the flag was not given. */
function nonNegativeInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${name} must be a whole number (0 or more), got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/** `--environment`, `--base-url`, `--unsafe-api-key`, `--timeout-ms` and `--max-retries`, checked. */
export function connectionArgs(values: Record<string, string | boolean | undefined>) {
  const text = (name: string) => values[name] as string | undefined;
  const environment = text("environment");
  if (environment !== undefined && text("base-url") !== undefined) {
    throw new UsageError("Give either --environment or --base-url, not both.");
  }
  if (environment !== undefined) checkEnvironment(environment);
  return {
    environment: environment as Environment | undefined,
    baseUrl: text("base-url"),
    apiKeyFromFlag: text(unsafeApiKeyFlag),
    timeoutMs: nonNegativeInteger("timeout-ms", text("timeout-ms")),
    maxRetries: nonNegativeInteger("max-retries", text("max-retries")),
  };
}

/** The flags every export takes, checked. */
export function outputArgs(values: Record<string, string | boolean | undefined>): OutputArgs {
  const text = (name: string) => values[name] as string | undefined;
  const format = text("format") ?? "ndjson";
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be ${formats.join(" or ")}, got ${JSON.stringify(format)}.`);
  }
  const out = text("out");
  if (out === "") throw new UsageError("--out needs a file name; leave it out to write to stdout.");
  const resume = values.resume === true;
  if (resume && out === undefined) {
    throw new UsageError(
      "--resume needs --out <file>: an export to stdout keeps no checkpoint, so it cannot be resumed.",
    );
  }
  if (resume && values.force) {
    throw new UsageError("Give either --resume (continue the export) or --force (start over), not both.");
  }
  return {
    ...connectionArgs(values),
    out,
    format: format as Format,
    maxPages: positiveInteger("max-pages", text("max-pages")),
    quiet: values.quiet === true,
    resume,
    force: values.force === true,
    showSecrets: values["show-secrets"] === true,
  };
}
