/**
 * `junction`'s command line: which command, then that command's own parser. Apart from args.ts and
 * args-operations.ts, so that neither imports the other at run time (their help texts read each other's
 * constants when the module loads).
 */
import { apiKeyEnvVar } from "@junction/client";
import { exitCodesHelp, type Parsed, parseExportConnections } from "./args.js";
import { parseCall, parseCompletion, parseExport, parseOperations } from "./args-operations.js";
import { UsageError } from "./exit-codes.js";
import { didYouMean } from "./text.js";

/** Top-level help. */
export const mainHelp = `Usage: junction <command> [options]

Commands
  operations           List the API's operations: short name, method and path, paging, availability
  call                 Make one request to an operation and print its answer
  export               Export every item of a paging operation to NDJSON or JSON, resumable
  export-connections   Export every connection (OAuth tokens) of a provider, resumable
  completion           Print a bash or zsh completion script

Options
  -h, --help           Show help (junction <command> --help for a command's options)
  -v, --version        Show the version

The API key is read from ${apiKeyEnvVar}.

${exitCodesHelp}
`;

/** The commands, as `--help` and completion list them. */
export const commands = ["operations", "call", "export", "export-connections", "completion"] as const;

/** Parses `junction`'s arguments (without `node` and the script). Throws {@link UsageError} on any mistake. */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    return { kind: "help", text: mainHelp };
  }
  if (command === "-v" || command === "--version") return { kind: "version" };
  if (command === "export-connections") return parseExportConnections(rest);
  if (command === "export") return parseExport(rest);
  if (command === "call") return parseCall(rest);
  if (command === "operations") return parseOperations(rest);
  if (command === "completion") return parseCompletion(rest);
  const what = command.startsWith("-")
    ? `Unknown option ${command}.`
    : `Unknown command ${JSON.stringify(command)}${didYouMean(command, commands) || "."}`;
  throw new UsageError(`${what} Commands: ${commands.join(", ")}. Run \`junction --help\` for usage.`);
}
