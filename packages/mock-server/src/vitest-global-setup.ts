/**
 * Vitest global setup: one Prism mock of the vendored spec for the whole test run.
 * Tests read its URL with `inject("prismUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startPrism } from "./prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.close();
}
