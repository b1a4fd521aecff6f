/** Validates an OpenAPI document with Redocly's linter, using the repository's `redocly.yaml` when present. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createConfig, getLineColLocation, lintFromString, loadConfig } from "@redocly/openapi-core";

/** One error found in a document: where and what. */
export interface SpecProblem {
  /** JSON pointer into the document, e.g. `#/paths/~1v1~1users/get/responses`. */
  pointer: string;
  /** 1-based line in the source text, when known. */
  line: number | null;
  /** Rule that failed, e.g. `struct` or `no-unresolved-refs`. */
  rule: string;
  message: string;
}

/**
 * Lints `text` (YAML or JSON) with the rules of `<root>/redocly.yaml` (Redocly's `recommended`
 * set when there is none) and returns the problems of severity `error`: the ones CI fails on.
 */
export async function validateSpec(text: string, root: string, label = "spec.yaml"): Promise<SpecProblem[]> {
  const configPath = join(root, "redocly.yaml");
  const config = existsSync(configPath)
    ? await loadConfig({ configPath })
    : await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({ source: text, absoluteRef: join(root, label), config });
  return problems
    .filter((problem) => problem.severity === "error")
    .map((problem) => {
      const location = problem.location[0];
      let line: number | null = null;
      try {
        line = location ? getLineColLocation(location).start.line : null;
      } catch {
        line = null;
      }
      return { pointer: location?.pointer ?? "#/", line, rule: problem.ruleId, message: problem.message };
    });
}

/** Problems as a list a person can act on. */
export function formatProblems(problems: SpecProblem[], label: string, max = 20): string {
  const lines = problems
    .slice(0, max)
    .map((p) => `  ${label}${p.line === null ? "" : `:${p.line}`} ${p.pointer}: ${p.message} [${p.rule}]`);
  if (problems.length > max) lines.push(`  ... and ${problems.length - max} more`);
  return lines.join("\n");
}
