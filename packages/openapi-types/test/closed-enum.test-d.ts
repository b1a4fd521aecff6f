import { expectTypeOf, it } from "vitest";
import type { Environment } from "../src/index.js";

it("rejects a value that a closed enum does not list", () => {
  // Environment is closed (derived from the spec's servers); an unknown name must not compile.
  // @ts-expect-error: "staging" is not an environment
  const bad: Environment = "staging";
  expectTypeOf(bad).toEqualTypeOf<Environment>();
});
