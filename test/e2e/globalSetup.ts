// Before any e2e test: build code-server into its cache (once per machine) and the .vsix
// (when missing or older than its sources), so a fresh machine needs nothing done by hand.
// Tests themselves never rebuild it, so every test in a run installs the same artifact.
import { ensureCodeServer, ensureVsix } from './support/codeServer';

/** vitest globalSetup for the e2e project. */
export default function setup(): void {
  ensureCodeServer();
  ensureVsix(true);
}
