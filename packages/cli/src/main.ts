import { readFileSync } from "node:fs";
import { unsafeApiKeyFlag } from "./args.js";
import { callOperation } from "./call.js";
import { parseCommandLine } from "./command-line.js";
import { completionScript } from "./completion.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { type ExportContext, exportOperation } from "./export.js";
import { exportConnections } from "./export-connections.js";
import { listOperations } from "./list-operations.js";

/** The version in package.json (one directory up from both `src/` and `dist/`). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/** The command line that resumes an export: the same arguments without the key or --force, plus --resume. */
export function resumeCommand(argv: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === `--${unsafeApiKeyFlag}`) {
      i++;
      continue;
    }
    if (arg.startsWith(`--${unsafeApiKeyFlag}=`) || arg === "--force" || arg === "--resume") continue;
    kept.push(arg);
  }
  return ["junction", ...kept, "--resume"].map(quote).join(" ");
}

/** Runs the `junction` command with `argv` (without `node` and the script) and resolves to its exit code. */
export async function main(
  argv: readonly string[],
  context: Omit<ExportContext, "resumeCommand"> = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.kind) {
      case "help":
        context.stdout.write(parsed.text);
        return ExitCode.ok;
      case "version":
        context.stdout.write(`${version()}\n`);
        return ExitCode.ok;
      case "operations":
        listOperations(parsed.args, context.stdout);
        return ExitCode.ok;
      case "completion":
        context.stdout.write(completionScript(parsed.shell));
        return ExitCode.ok;
      case "call":
        return await callOperation(parsed.args, context);
      case "export":
        return await exportOperation(parsed.args, { ...context, resumeCommand: resumeCommand(argv) });
      case "export-connections":
        return await exportConnections(parsed.args, { ...context, resumeCommand: resumeCommand(argv) });
    }
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(`junction: ${error.message}\n`);
      return ExitCode.usage;
    }
    // A bug or an unexpected system error: say so, without a stack unless asked for.
    const detail = context.env.JUNCTION_DEBUG ? (error as Error)?.stack : String((error as Error)?.message ?? error);
    context.stderr.write(`junction: unexpected error: ${detail}\n`);
    return ExitCode.failed;
  }
}
