// Max queue: one limit for all priorities, or high/normal/low where gearmand takes three.
// A limit for a function the server does not have is refused: gearmand says OK and ignores it.
import { defineAction, done, isName, requireFunction, shown, supports, unsupported } from './action';
import type { MaxQueueLimit } from '../types';

const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** `{ kind: 'maxQueue', function, limit }`; announced as `maxQueue`, and `maxQueuePriorities` where three limits are taken. */
export const maxQueue = defineAction<{ kind: 'maxQueue'; function: string; limit: MaxQueueLimit }>({
  kind: 'maxQueue',
  command: 'maxqueue',
  changes: true,
  announce: (v) => [
    ...(supports(v, 'maxqueue') ? ['maxQueue'] : []),
    ...(supports(v, 'maxqueue priorities') ? ['maxQueuePriorities'] : []),
  ],
  check(a) {
    if (!isName(a.function)) return 'maxQueue needs a function name';
    const l = a.limit as Record<string, unknown> | null;
    if (whole(l) || (l && typeof l === 'object' && whole(l.high) && whole(l.normal) && whole(l.low))) return undefined;
    return 'maxQueue needs a limit: a whole number, or { high, normal, low }';
  },
  async run(c, a) {
    if (typeof a.limit !== 'number' && !supports(c.version, 'maxqueue priorities'))
      throw unsupported(c, 'maxqueue priorities');
    await requireFunction(
      c,
      a.function,
      '; gearmand would accept a limit for it and ignore it. Create the function first.',
    );
    await c.admin.maxQueue(a.function, a.limit);
    const limit =
      typeof a.limit === 'number'
        ? `${a.limit || 'unlimited'}`
        : `high ${a.limit.high}, normal ${a.limit.normal}, low ${a.limit.low}`;
    return done(c, `Set the max queue of ${shown(a.function)} on ${c.where} to ${limit}`);
  },
});
