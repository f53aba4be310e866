// The server's features, each registering its own LSP handlers on the shared context.
import type { Feature } from '../context';
import { jobFileFeature } from './jobFile';
import { jobFileSubmitFeature } from './jobFileSubmit';
import { localWorkerFeature } from './localWorker';
import { submitFeature } from './submit';
import { adminFeature } from './admin';
import { trustFeature } from './trust';
import { callSitesFeature } from './callSites/feature';

/** Every feature, in registration order. */
export const features: Feature[] = [submitFeature, jobFileFeature, jobFileSubmitFeature, localWorkerFeature, adminFeature, trustFeature, callSitesFeature];
