/**
 * The spec-defects report: operations whose response example, as Prism serves it, contradicts the
 * operation's own response schema. These are defects of Junction's spec, not of the SDK; the report is
 * committed (`spec-defects.json`) so that a spec bump shows which appeared or went away.
 *
 * Source: the `response` entries of Prism's `sl-violations` header, i.e. Prism's validation of the
 * response it served against the response schema. Chosen over checking each `example` with ajv
 * ourselves because it judges exactly the body the contract tests receive (the example Prism picks
 * for the status it picks) with Prism's own reading of OpenAPI 3.1 (nullable, `readOnly`/`writeOnly`,
 * formats), so the report cannot disagree with the mock the tests run against, and there is no second
 * OpenAPI-to-JSON-Schema translation to keep in step with it.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { ContractResult, Violation } from "./contract.ts";

export const UPDATE_ENV = "UPDATE_SPEC_DEFECTS";
export const REGENERATE_COMMAND = `${UPDATE_ENV}=1 npx vitest run test/contract.test.ts`;

export interface DefectViolation {
  /** Where in the response, e.g. `response.body.data.0.timestamp`. */
  location: string;
  code: string;
  message: string;
}

export interface SpecDefect {
  operationId: string;
  method: string;
  path: string;
  violations: DefectViolation[];
}

export interface DefectsFile {
  about: string;
  /** `info.version` of the spec the report was written for. */
  spec: string;
  operations: SpecDefect[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const violationKey = (v: DefectViolation) => `${v.location}\u0000${v.code}\u0000${v.message}`;

function toDefectViolation(violation: Violation): DefectViolation {
  return { location: violation.location.join("."), code: violation.code, message: violation.message };
}

/**
 * The defects found in a contract run, sorted and deduplicated (the same run always gives the same
 * report). Only rows whose request Prism accepted count: for a rejected request Prism serves an error
 * response, whose example says nothing about the operation's own.
 */
export function defectsOf(results: ContractResult[]): SpecDefect[] {
  return results
    .filter((r) => r.responseViolations.length > 0 && r.requestViolations.length + r.mockLimitations.length === 0)
    .map((r) => {
      const unique = new Map(r.responseViolations.map(toDefectViolation).map((v) => [violationKey(v), v]));
      const violations = [...unique.values()].sort((a, b) => compare(violationKey(a), violationKey(b)));
      return { operationId: r.operationId, method: r.method, path: r.path, violations };
    })
    .sort((a, b) => compare(a.path, b.path) || compare(a.method, b.method));
}

/** One line per violation, `METHOD path (operationId) location: message [code]`: what is compared and printed. */
export function defectLines(defects: SpecDefect[]): string[] {
  return defects.flatMap((d) =>
    d.violations.map(
      (v) => `${d.method.toUpperCase()} ${d.path} (${d.operationId}) ${v.location}: ${v.message} [${v.code}]`,
    ),
  );
}

/** Lines of `current` missing from `committed` (new defects) and the reverse (defects that went away). */
export function compareDefects(committed: SpecDefect[], current: SpecDefect[]): { added: string[]; removed: string[] } {
  const before = new Set(defectLines(committed));
  const now = new Set(defectLines(current));
  return {
    added: [...now].filter((line) => !before.has(line)),
    removed: [...before].filter((line) => !now.has(line)),
  };
}

export function defectsFile(spec: string, operations: SpecDefect[]): DefectsFile {
  return {
    about:
      "Operations of openapi/junction.yaml whose response example contradicts its own response schema, as Prism " +
      "reports it when serving the example (a defect of Junction's spec, not of the SDK). Written by " +
      `test/contract.test.ts; regenerate in packages/spec-tools with: ${REGENERATE_COMMAND}`,
    spec,
    operations,
  };
}

export async function readDefectsFile(file: string): Promise<DefectsFile | null> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  return text === null ? null : (JSON.parse(text) as DefectsFile);
}

export async function writeDefectsFile(file: string, contents: DefectsFile): Promise<void> {
  await writeFile(file, `${JSON.stringify(contents, null, 2)}\n`);
}
