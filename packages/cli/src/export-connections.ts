import {
  AuthenticationError,
  apiKeyEnvVar,
  createJunctionClient,
  type JunctionClient,
  JunctionConfigError,
  JunctionError,
  maskSecrets,
  type OAuthProviders,
  PermissionDeniedError,
  RateLimitError,
  resolveApiKey,
  ValidationError,
} from "@junction/client";
import type { ExportArgs } from "./args.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { createStreamOutput, type Output, openFileOutput } from "./output.js";
import { createProgress, formatCount, formatDuration, plural } from "./progress.js";
import { hashUserIds, userIdsFromFile, userIdsFromList } from "./user-ids.js";

/**
 * Advice from Junction's bulk export documentation. The vendored operation has no description to generate
 * it from, so it is a constant here.
 */
export const pauseAdvice =
  "Tip: pause the connections before bulk exporting them. Pausing stops Junction systems from refreshing " +
  "the connections, ensuring the exported data is the most up-to-date. (--no-warn hides this.)";

/** What an export needs from its process: streams, environment, and the command that resumes it. */
export interface ExportContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The command line that resumes this export (no key in it), shown after an interruption or failure. */
  resumeCommand: string;
  /** Receives the stop signals (SIGINT, SIGTERM). Default: `process`. */
  signals?: Pick<NodeJS.Process, "on" | "off">;
}

/** The flag that sets each client option the CLI passes on. */
const flagOf: Record<string, string> = { baseUrl: "--base-url", environment: "--environment" };

/** The API key from --unsafe-api-key or the environment, checked by the client's own rule. */
function apiKeyFrom(args: ExportArgs, env: Record<string, string | undefined>): string {
  try {
    return resolveApiKey(args.apiKeyFromFlag, env);
  } catch (error) {
    if (!(error instanceof JunctionConfigError)) throw error;
    if (!error.missing) throw new UsageError(error.message);
    const what = args.apiKeyFromFlag === undefined ? `${apiKeyEnvVar} is not set` : "--unsafe-api-key is empty";
    throw new UsageError(`No API key: ${what}. Set it to your team's API key: export ${apiKeyEnvVar}=<key>`);
  }
}

function clientFor(args: ExportArgs, apiKey: string): JunctionClient {
  try {
    return createJunctionClient({ apiKey, environment: args.environment, baseUrl: args.baseUrl });
  } catch (error) {
    if (!(error instanceof JunctionError)) throw error;
    // The client's messages name its options; say which flag was wrong instead.
    const flag = error instanceof JunctionConfigError ? flagOf[error.option] : undefined;
    const message = error.message.replace("allowInsecureHttp: true", "an https:// URL");
    throw new UsageError(flag ? `${flag}: ${message}` : message);
  }
}

/** A line that explains an API failure and what to do about it. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException).code === "EPIPE") return "stdout was closed by the reader (EPIPE).";
  if (error instanceof AuthenticationError) return `${message}. Check ${apiKeyEnvVar} and the environment.`;
  if (error instanceof PermissionDeniedError) {
    return `${message}. The key is not allowed to do this here (a sandbox key on production?).`;
  }
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
    return `${message}. The API asked to wait ${formatDuration(error.retryAfterMs)}.`;
  }
  if (error instanceof ValidationError) return `${message}.`;
  return message;
}

/**
 * Runs `junction export-connections`: checks the inputs, pages through the bulk export and writes each page
 * (to a file: durably, then checkpointed). Resolves to the exit code; throws {@link UsageError} for bad input.
 */
export async function exportConnections(args: ExportArgs, context: ExportContext): Promise<number> {
  const { stderr } = context;
  const userIds =
    args.userIdsList !== undefined
      ? userIdsFromList(args.userIdsList)
      : args.userIdsFile !== undefined
        ? await userIdsFromFile(args.userIdsFile)
        : undefined;
  const apiKey = apiKeyFrom(args, context.env);
  const client = clientFor(args, apiKey);
  // Last line of defence: whatever is printed, the key is not.
  const secrets = [apiKey];
  const safe = (text: string) => maskSecrets(text, secrets) as string;

  const output: Output =
    args.out === undefined
      ? createStreamOutput(context.stdout, args.format, context.stdout.isTTY === true && !args.showSecrets)
      : await openFileOutput({
          path: args.out,
          resume: args.resume,
          force: args.force,
          identity: {
            provider: args.provider,
            userIds: hashUserIds(userIds),
            format: args.format,
            baseUrl: client.baseUrl,
          },
        });
  if (args.warn) stderr.write(`${pauseAdvice}\n`);
  const progress = createProgress({ stream: stderr, quiet: args.quiet, initial: output.initial });
  const where = args.out ?? "stdout";
  if (output.resumed && !args.quiet) {
    progress.note(
      `Resuming ${where}: ${plural(output.connections, "connection")} in ${plural(output.pages, "page")} already exported.`,
    );
  }

  const controller = new AbortController();
  let interrupted: string | undefined;
  const signals = context.signals ?? process;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      // A second Ctrl-C: stop now. The checkpoint is still exact, as resume truncates to its length.
      process.exit(ExitCode.interrupted);
    }
    interrupted = signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  signals.on("SIGINT", onSignal);
  signals.on("SIGTERM", onSignal);

  const body = { provider: args.provider as OAuthProviders, ...(userIds ? { user_ids: userIds } : {}) };
  let lastNextToken: string | null = output.startToken;
  const summary = () =>
    `${formatCount(output.connections)} ${args.provider} connections, ${plural(output.pages, "page")}, ` +
    `${formatDuration(progress.elapsedMs())}, ${progress.rate(output)}`;
  try {
    const paginator = client.paginate(
      "POST",
      "/v2/link/bulk_export",
      { body },
      {
        startToken: output.startToken,
        maxPages: args.maxPages,
        signal: controller.signal,
      },
    );
    for await (const page of paginator.pages()) {
      // A signal during the write lets the page finish; the loop stops before the next one.
      await output.writePage(page.items, page.nextToken);
      lastNextToken = page.nextToken;
      progress.update(output);
      if (interrupted) break;
    }
    if (interrupted) throw controller.signal.reason;
    const complete = lastNextToken === null;
    await output.finish(complete);
    if (!args.quiet) {
      const earlier =
        output.initial.connections > 0 ? ` (${formatCount(output.initial.connections)} before resuming)` : "";
      progress.note(
        complete
          ? `Exported ${summary()}${earlier} → ${where}`
          : `Stopped after --max-pages ${args.maxPages}: ${summary()} → ${where}.` +
              (args.out === undefined ? "" : ` Continue with: ${context.resumeCommand}`),
      );
    }
    return ExitCode.ok;
  } catch (error) {
    await output.abandon().catch(() => {});
    progress.clear();
    const saved =
      args.out === undefined
        ? "The output on stdout is incomplete."
        : `${plural(output.connections, "connection")} saved in ${args.out}. Resume with:\n  ${context.resumeCommand}`;
    if (interrupted) {
      stderr.write(`Interrupted (${interrupted}). ${saved}\n`);
      return ExitCode.interrupted;
    }
    if (error instanceof UsageError) throw error;
    stderr.write(safe(`Export failed: ${describeFailure(error)}\n${saved}\n`));
    return ExitCode.failed;
  } finally {
    signals.off("SIGINT", onSignal);
    signals.off("SIGTERM", onSignal);
  }
}
