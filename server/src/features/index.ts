// The server's features, each registering its own LSP handlers on the shared context.
import type { Feature } from '../context';
import { jobFileFeature, jobsFeature } from './jobs';
import { adminFeature } from './admin';
import { callSitesFeature } from './callSites/feature';
import { loadTestFeature } from './loadTest';
import { queuesFeature } from './queues';

/** Every feature, in registration order. */
export const features: Feature[] = [
  jobsFeature,
  jobFileFeature,
  adminFeature,
  callSitesFeature,
  loadTestFeature,
  queuesFeature,
];
