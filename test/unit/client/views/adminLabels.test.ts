import { describe, expect, it } from 'vitest';
import {
  functionContextValue,
  functionTooltip,
  jobContextValue,
  listsJobs,
  jobDescription,
  jobLabel,
  jobTooltip,
  passesFilter,
  serverContextValue,
  serverTooltip,
  workerLabel,
  filterDescription,
} from '../../../../client/src/views/labels';
import { shown } from '../../../../server/src/features/admin/actions/action';
import type { JobEntry, ServerSnapshot } from '../../../../server/src/protocol';
import { adminCapabilities } from '../../../../server/src/registry/snapshot';
import pkg from '../../../../package.json';

const server = (over: Partial<ServerSnapshot> = {}): ServerSnapshot => {
  const s = {
    id: 'h:1',
    name: 'h',
    host: 'h',
    port: 1,
    tls: false,
    source: 'user' as const,
    health: 'up' as const,
    kind: 'gearmand' as const,
    version: '1.1.20+ds',
    functions: [],
    workers: [],
    revision: 1,
    ...over,
  };
  // The language server announces the actions from kind and version, as the registry does on a poll.
  return { actions: adminCapabilities(s.kind, s.version ?? '', !!s.readOnly), ...s };
};
const hostile = [
  '<img src=x onerror=alert(1)>',
  '\u001b[2J\u001b[31mRED',
  'x'.repeat(5000),
  'caf\udce9\udcff',
  'line\nbreak\r\u0085\u2028',
];
const visible = (s: string) =>
  // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
  !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) && !/(?<![\ud800-\udbff])[\udc80-\udcff]/.test(s);

describe('admin labels', () => {
  it('renders hostile names and ids inert in job rows, tooltips, worker rows and log text', () => {
    for (const h of hostile) {
      const job: JobEntry = { handle: h, unique: h, function: h, state: 'queued', retries: 0 };
      const plain: JobEntry = { handle: 'x', unique: 'x', function: 'x', state: 'queued', retries: 0 };
      const texts = (n: string, j: JobEntry) => [
        jobLabel(j),
        jobDescription(j, 'other'),
        jobTooltip(j, server({ name: n })),
        workerLabel({ fd: n, address: n, clientId: n, functions: [] }),
        functionTooltip({ name: n, queued: 1, running: 0, workers: 0 }, server()),
        serverTooltip(server({ name: n, error: n }), false),
        shown(n),
      ];
      const base = texts('x', plain);
      texts(h, job).forEach((text, i) => {
        // Tooltips have lines of their own; a hostile name must not add any.
        expect(text.split('\n').length).toBe(base[i].split('\n').length);
        expect(visible(text.replace(/\n/g, ' ')), JSON.stringify(text.slice(0, 80))).toBe(true);
        expect(text.length).toBeLessThan(3000);
      });
    }
    expect(jobLabel({ handle: 'caf\udce9', state: 'queued' })).toBe('caf\\xE9');
    expect(jobLabel({ handle: '\u001b[31mx', state: 'queued' })).toBe('\\x1B[31mx');
    expect(jobLabel({ handle: 'x'.repeat(5000), state: 'queued' }).length).toBe(120);
  });

  it('describes states plainly and says when the function is not certain', () => {
    expect(jobDescription({ handle: 'H:1', unique: 'u', state: 'cancelled', retries: 0, function: 'f' }, 'f')).toBe(
      'cancelled (ignored) · unique u',
    );
    expect(
      jobDescription(
        { handle: 'H:1', state: 'running', progress: { numerator: 3, denominator: 9 }, candidates: ['f', 'g'] },
        'f',
      ),
    ).toBe('running · 3/9 · function not certain (2 possible)');
    expect(jobTooltip({ handle: 'H:1', state: 'running' }, server())).toMatch(/A running job cannot be stopped/);
  });

  it('offers only what the server kind supports', () => {
    const g = server();
    const perl = server({ kind: 'perl', version: '1.130.1' });
    const gActions = '.info.jobs.uniqueJobs.cancelJobs.createFunction.dropFunction.maxQueue.maxQueuePriorities';
    expect(serverContextValue(g)).toBe(`server.up.gearmand.editable${gActions}`);
    expect(serverContextValue(perl)).toBe('server.up.perl.editable.info.jobs.maxQueue');
    expect(serverContextValue(server({ readOnly: true }))).toBe('server.up.gearmand.editable.info.jobs.uniqueJobs');
    expect(serverContextValue(server({ health: 'down', source: 'default' }))).toBe('server.down.gearmand');
    const f = { name: 'f', queued: 2, running: 0, workers: 0 };
    expect(functionContextValue(g, f)).toBe(`function.busy${gActions}`);
    expect(functionContextValue(perl, f)).toBe('function.busy.info.jobs.maxQueue');
    expect(functionContextValue(g, { ...f, queued: 0 })).toBe(`function${gActions}`);
    expect(jobContextValue(g, { handle: 'H:1', state: 'queued' })).toBe(`job.queued.handle${gActions}`);
    expect(jobContextValue(g, { handle: 'H:1', state: 'running' })).toBe(`job.running.handle${gActions}`);
    expect(jobContextValue(perl, { unique: 'u', state: 'queued' })).toBe('job.queued.unique.info.jobs.maxQueue');
    // Only a function with jobs, on a server that is up and can list them, expands to its jobs.
    expect(listsJobs(g, f)).toBe(true);
    expect(listsJobs(perl, f)).toBe(true);
    expect(listsJobs(g, { ...f, queued: 0 })).toBe(false);
    expect(listsJobs(server({ health: 'down' }), f)).toBe(false);
    expect(listsJobs(server({ kind: 'unknown' }), f)).toBe(false);
  });

  it('shows each admin menu entry on the rows whose server announced that action (package.json menus on real context values)', () => {
    const items = (
      pkg as { contributes: { menus: { 'view/item/context': { command: string; when: string; group?: string }[] } } }
    ).contributes.menus['view/item/context'];
    const menu = (contextValue: string) =>
      [
        ...new Set(
          items
            .filter((i) => i.when.startsWith('view == gearman.servers') && i.command !== 'gearman.copyName')
            .filter((i) => new RegExp(/viewItem =~ \/(.*)\/$/.exec(i.when)![1]).test(contextValue))
            .map((i) => i.command.replace('gearman.', '')),
        ),
      ].sort();
    const g = server();
    const perl = server({ kind: 'perl', version: '1.130.1' });
    const f = { name: 'f', queued: 2, running: 0, workers: 0 };
    expect(menu(serverContextValue(g))).toEqual([
      'createFunction',
      'editServer',
      'openDashboard',
      'removeServer',
      'serverInfo',
      'showJobs',
      'showUniqueJobs',
    ]);
    expect(menu(serverContextValue(server({ readOnly: true })))).toEqual([
      'editServer',
      'openDashboard',
      'removeServer',
      'serverInfo',
      'showJobs',
      'showUniqueJobs',
    ]);
    expect(menu(serverContextValue(perl))).toEqual([
      'editServer',
      'openDashboard',
      'removeServer',
      'serverInfo',
      'showJobs',
    ]);
    expect(menu(serverContextValue(server({ health: 'down' })))).toEqual(['editServer', 'removeServer']);
    expect(menu(functionContextValue(g, f))).toEqual([
      'dropFunction',
      'findUsages',
      'loadTest',
      'serveLocally',
      'setMaxQueue',
      'showJobs',
      'submitJob',
      'watchFunction',
    ]);
    expect(menu(functionContextValue(g, { ...f, queued: 0 }))).toEqual([
      'dropFunction',
      'findUsages',
      'loadTest',
      'serveLocally',
      'setMaxQueue',
      'submitJob',
      'watchFunction',
    ]);
    expect(menu(functionContextValue(perl, f))).toEqual([
      'findUsages',
      'loadTest',
      'serveLocally',
      'setMaxQueue',
      'showJobs',
      'submitJob',
      'watchFunction',
    ]);
    expect(menu(jobContextValue(g, { handle: 'H:1', state: 'queued' }))).toEqual(['cancelJob', 'copyHandle']);
    expect(menu(jobContextValue(g, { handle: 'H:1', state: 'running' }))).toEqual(['copyHandle']);
    expect(menu(jobContextValue(server({ readOnly: true }), { handle: 'H:1', state: 'queued' }))).toEqual([
      'copyHandle',
    ]);
    expect(menu(jobContextValue(perl, { unique: 'u', state: 'queued' }))).toEqual([]);
  });

  it('filters functions by shown name and hides idle ones', () => {
    const f = (name: string, queued = 0, workers = 0) => ({ name, queued, running: 0, workers });
    expect(passesFilter(f('Resize_Image', 1), { text: 'resize', hideEmpty: false })).toBe(true);
    expect(passesFilter(f('other', 1), { text: 'resize', hideEmpty: false })).toBe(false);
    expect(passesFilter(f('idle'), { text: '', hideEmpty: true })).toBe(false);
    expect(passesFilter(f('busy', 0, 1), { text: '', hideEmpty: true })).toBe(true);
    expect(passesFilter(f('caf\udce9'), { text: '\\xE9', hideEmpty: false })).toBe(true);
    expect(filterDescription({ text: 'img', hideEmpty: true })).toBe('filter: img · hiding idle functions');
  });
});
