// Workspace trust reaches the local-worker module through its trust hook: shell commands
// run only in a trusted workspace (the client reports trust; other editors are trusted).
import type { Feature } from '../context';
import { setTrustCheck } from './localWorker';

/** Plugs ctx.trusted() into the local worker's trust check. */
export const trustFeature: Feature = (ctx) => setTrustCheck(() => ctx.trusted());
