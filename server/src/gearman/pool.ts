// Several gearmand servers behind one client. The rules are plain data so the README
// and the UI can quote them word for word.
import { endpointLabel, type Endpoint } from './endpoint';
import { ConnectionError, GearmanError } from './errors';

/** How GearmanClient uses several servers, in the words the README quotes. */
export const FAILOVER_RULES: readonly string[] = [
  "Servers are tried in the order given. If connecting to one fails (refused, unreachable, timed out), the next one is tried; a request fails only when every server failed, with each server's reason.",
  'The client keeps using the server it is connected to. After that connection is lost, the next request starts with the server after it (wrapping around to the first).',
  'When the connection is lost after a job was sent and before its result arrived, the job fails with a ConnectionError that says so. The job may still run on that server.',
  'Such a job is sent again to the next server only when it was submitted with resubmitOnLoss, and at most once per server (twice with a single server). Give it a unique id so a server that already has it can merge the two.',
  'A background job is finished for the client once the server answered JOB_CREATED; it is never sent again.',
  'Every move to another server emits a "failover" event on the client, so it can be logged.',
];

/** One move from a server to another, as emitted by the client's `failover` event. */
export interface FailoverEvent {
  /** The server that failed. */
  from: string;
  /** The server tried next, when known. */
  to?: string;
  reason: 'connect-failed' | 'connection-lost';
  error: GearmanError;
}

/**
 * Opens the first server that works, starting at `start` and wrapping around once.
 * `onSkip` is told about each server given up on.
 */
export async function connectInOrder<T>(
  endpoints: readonly Endpoint[],
  start: number,
  open: (e: Endpoint) => Promise<T>,
  onSkip: (ev: FailoverEvent) => void,
): Promise<{ value: T; index: number }> {
  if (endpoints.length === 0) throw new ConnectionError('No gearmand server is configured', 'NO_SERVERS');
  const reasons: string[] = [];
  for (let i = 0; i < endpoints.length; i++) {
    const index = (start + i) % endpoints.length;
    try {
      return { value: await open(endpoints[index]), index };
    } catch (e) {
      const error = e instanceof GearmanError ? e : new ConnectionError(String(e), 'CONNECT_FAILED');
      reasons.push(error.message);
      const last = i === endpoints.length - 1;
      const to = last ? undefined : endpointLabel(endpoints[(index + 1) % endpoints.length]);
      if (endpoints.length > 1) onSkip({ from: endpointLabel(endpoints[index]), to, reason: 'connect-failed', error });
      if (last && endpoints.length === 1) throw error;
    }
  }
  throw new ConnectionError(`No gearmand server could be reached: ${reasons.join('; ')}`, 'ALL_SERVERS_FAILED');
}
