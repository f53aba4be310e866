// Create function: makes gearmand list a function before any worker registers it.
import { AdminError, defineAction, done, isName, shown } from './action';

/** `{ kind: 'createFunction', function }`: refused when the server already has that function. */
export const createFunction = defineAction<{ kind: 'createFunction'; function: string }>({
  kind: 'createFunction',
  command: 'create function',
  changes: true,
  check: (a) => (isName(a.function) ? undefined : 'createFunction needs a function name'),
  async run(c, a) {
    if ((await c.admin.status()).some((r) => r.name === a.function))
      throw new AdminError(`${c.where} already has a function ${shown(a.function)}`, 'EXISTS');
    await c.admin.createFunction(a.function);
    return done(c, `Created function ${shown(a.function)} on ${c.where}`);
  },
});
