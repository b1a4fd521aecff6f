// What the shared global setup (@junction/mock-server/vitest-global-setup) provides to tests.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}
