/** `junction operations`: the spec's operations as a table or JSON, from the generated index. */
import type { OperationsArgs } from "./args-operations.js";
import { UsageError } from "./exit-codes.js";
import { allOperations, type Operation } from "./operation-lookup.js";
import { didYouMean } from "./text.js";

/** One row of `junction operations --json`. */
export interface OperationRow {
  name: string;
  operationId: string;
  method: string;
  path: string;
  tag: string | null;
  /** `body`, `cursor`, `page` or `offset`; `null` when the operation does not page. */
  paging: string | null;
  deprecated: boolean;
  beta: boolean;
}

const row = (op: Operation): OperationRow => ({
  name: op.name,
  operationId: op.operationId,
  method: op.method,
  path: op.path,
  tag: op.tag,
  paging: op.pagination?.style ?? null,
  deprecated: op.deprecated,
  beta: op.beta,
});

/** The operations `args` select. Throws {@link UsageError} for a tag no operation has. */
export function selectOperations(args: OperationsArgs): OperationRow[] {
  let operations = allOperations();
  if (args.tag !== undefined) {
    const tags = new Set(operations.map((op) => op.tag).filter((tag): tag is string => tag !== null));
    if (!tags.has(args.tag)) {
      const hint = didYouMean(args.tag, tags);
      throw new UsageError(
        `No operation has the tag ${JSON.stringify(args.tag)}${hint || "."} Tags: ${[...tags].sort().join(", ")}.`,
      );
    }
    operations = operations.filter((op) => op.tag === args.tag);
  }
  if (args.paging) operations = operations.filter((op) => op.pagination !== null);
  return operations.map(row);
}

/** The rows as an aligned table with a header line. */
export function formatTable(rows: readonly OperationRow[]): string {
  const cells = [
    ["NAME", "METHOD", "PATH", "PAGING", "STATUS"],
    ...rows.map((r) => [
      r.name,
      r.method,
      r.path,
      r.paging ?? "-",
      [r.deprecated ? "deprecated" : "", r.beta ? "beta" : ""].filter(Boolean).join(", "),
    ]),
  ];
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length))) ?? [];
  return cells
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] as number)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Runs `junction operations`, writing to `stdout`. */
export function listOperations(args: OperationsArgs, stdout: { write(text: string): unknown }): void {
  const rows = selectOperations(args);
  stdout.write(args.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows)}\n`);
}
