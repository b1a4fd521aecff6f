export { defaultSpecPath, freePort, type PrismOptions, type RunningServer, startPrism } from "./prism.js";
