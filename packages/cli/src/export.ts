/**
 * The export loop every paging operation shares (`junction export`, and `export-connections` on top of
 * it): pages through the operation with the client's `paginate`, in whichever of the four styles it pages,
 * and writes each page (to a file: durably, then checkpointed, so `--resume` continues exactly).
 */
import type { JunctionClient, PaginateOptions, Paginator } from "@junction/client";
import { maskSecrets } from "@junction/client";
import { apiKeyFrom, type ConnectionArgs, clientFor, describeFailure } from "./api.js";
import type { Format } from "./args.js";
import type { ExportArgs } from "./args-operations.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { findOperation, type Operation } from "./operation-lookup.js";
import { createStreamOutput, type Output, openFileOutput } from "./output.js";
import { createProgress, formatCount, formatDuration, plural } from "./progress.js";
import { buildRequest, type RequestInit } from "./request-input.js";

/** The flags every export takes. */
export interface OutputArgs extends ConnectionArgs {
  /** Output file; `undefined` writes to stdout. */
  out?: string;
  /** Default `"ndjson"`. */
  format: Format;
  /** Stop after this many pages (this run); default no limit. */
  maxPages?: number;
  /** No progress, no summary, no tip. */
  quiet: boolean;
  resume: boolean;
  force: boolean;
  showSecrets: boolean;
}

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

/** What one export walks, and how it talks about it. */
export interface ExportPlan {
  /** A paging operation. */
  operation: Operation;
  /** Its request, checked. */
  init: RequestInit;
  /** What the checkpoint records of the request, by the label a mismatch names (see `CheckpointIdentity`). */
  inputs: Record<string, string>;
  /** What an item is, in the singular: `connection`, `item`. */
  noun: string;
  /** What the summary says was exported after the count: `fitbit connections`, `items of user.get_all`. */
  subject: string;
  /** A tip printed before the export unless `--quiet`. */
  advice?: string;
}

/** `client.paginate` for an operation known at run time (its typed signature takes literal routes). */
type AnyPaginate = (
  method: string,
  path: string,
  init: unknown,
  options: PaginateOptions,
) => Paginator<unknown, unknown>;

/** A checked command line that names an operation which does not page. */
export function requirePaging(operation: Operation): void {
  if (operation.pagination) return;
  throw new UsageError(
    `${operation.name} (${operation.method} ${operation.path}) does not page, so there is nothing to export; ` +
      `make one request with \`junction call ${operation.name}\`. \`junction operations --paging\` lists the ones that page.`,
  );
}

/** Runs an export. Resolves to the exit code; throws {@link UsageError} for bad input (nothing sent then). */
export async function runExport(plan: ExportPlan, args: OutputArgs, context: ExportContext): Promise<number> {
  const { stderr } = context;
  const { operation, noun } = plan;
  requirePaging(operation);
  const apiKey = apiKeyFrom(args, context.env);
  const client: JunctionClient = clientFor(args, apiKey);
  // Last line of defence: whatever is printed, the key is not.
  const safe = (text: string) => maskSecrets(text, [apiKey]) as string;

  const output: Output =
    args.out === undefined
      ? createStreamOutput(context.stdout, args.format, context.stdout.isTTY === true && !args.showSecrets)
      : await openFileOutput({
          path: args.out,
          resume: args.resume,
          force: args.force,
          identity: { operation: operation.name, inputs: plan.inputs, format: args.format, baseUrl: client.baseUrl },
        });
  if (plan.advice && !args.quiet) stderr.write(`${plan.advice}\n`);
  const progress = createProgress({ stream: stderr, quiet: args.quiet, initial: output.initial, noun });
  const where = args.out ?? "stdout";
  if (output.resumed && !args.quiet) {
    progress.note(
      `Resuming ${where}: ${plural(output.items, noun)} in ${plural(output.pages, "page")} already exported.`,
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

  let lastNextToken: string | null = output.startToken;
  const summary = () =>
    `${formatCount(output.items)} ${plan.subject}, ${plural(output.pages, "page")}, ` +
    `${formatDuration(progress.elapsedMs())}, ${progress.rate(output)}`;
  try {
    const paginate = client.paginate as unknown as AnyPaginate;
    const paginator = paginate(operation.method, operation.path, plan.init, {
      startToken: output.startToken,
      maxPages: args.maxPages,
      signal: controller.signal,
    });
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
      const earlier = output.initial.items > 0 ? ` (${formatCount(output.initial.items)} before resuming)` : "";
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
        : `${plural(output.items, noun)} saved in ${args.out}. Resume with:\n  ${context.resumeCommand}`;
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

/** The label under which a checkpoint records the digest of `--param`s and `--body`. */
const requestLabel = "request (--param, --body)";

/** Runs `junction export <operation>`: finds the operation, checks the request, then {@link runExport}. */
export async function exportOperation(args: ExportArgs, context: ExportContext): Promise<number> {
  const operation = findOperation(args.operation);
  requirePaging(operation);
  const { init, digest } = await buildRequest(operation, args);
  return runExport(
    { operation, init, inputs: { [requestLabel]: digest }, noun: "item", subject: `items of ${operation.name}` },
    args,
    context,
  );
}
