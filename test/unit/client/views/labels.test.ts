import { describe, expect, it } from 'vitest';
import {
  inert,
  functionDescription,
  functionTooltip,
  groupDescription,
  isStarved,
  moreLabel,
  moreTooltip,
  serverDescription,
  serverStateLine,
  serverTooltip,
  sortFunctions,
  staleLabel,
  statusBarText,
  workerDescription,
  workerFunctions,
  workerLabel,
} from '../../../../client/src/views/labels';
import type { ServerSnapshot } from '../../../../server/src/protocol';

const server = (over: Partial<ServerSnapshot> = {}): ServerSnapshot => ({
  id: 'h:1',
  name: 'h',
  host: 'h',
  port: 1,
  tls: false,
  source: 'user',
  health: 'up',
  functions: [],
  workers: [],
  actions: [],
  revision: 1,
  ...over,
});

describe('tree labels', () => {
  it('puts the worker count first and leaves out counts that are 0, so it fits the default sidebar width', () => {
    expect(functionDescription({ name: 'f', queued: 12, running: 3, workers: 2 })).toBe(
      '2 workers · 12 queued · 3 running',
    );
    expect(functionDescription({ name: 'f', queued: 0, running: 0, workers: 1 })).toBe('1 worker');
    expect(functionDescription({ name: 'f', queued: 1500, running: 0, workers: 0 })).toBe('0 workers · 1,500 queued');
    expect(functionDescription({ name: 'f', queued: 0, running: 1, workers: 1 })).toBe('1 worker · 1 running');
  });

  it('sorts by name, or with queued jobs and no worker first, then queued jobs, each by name', () => {
    const fs = [
      { name: 'a', queued: 0, running: 0, workers: 1 },
      { name: 'b', queued: 2, running: 0, workers: 1 },
      { name: 'c', queued: 1, running: 0, workers: 0 },
      { name: 'd', queued: 0, running: 0, workers: 0 },
      { name: 'e', queued: 5, running: 0, workers: 0 },
    ];
    expect(
      sortFunctions(fs, false)
        .map((f) => f.name)
        .join(),
    ).toBe('a,b,c,d,e');
    expect(
      sortFunctions(fs, true)
        .map((f) => f.name)
        .join(),
    ).toBe('c,e,b,a,d');
    expect(fs.map((f) => f.name).join()).toBe('a,b,c,d,e');
  });

  it('summarises a server that is up: functions, workers and queued jobs first, then its version', () => {
    const s = server({
      kind: 'gearmand',
      version: '1.1.21',
      functionsOmitted: 1,
      workers: [{ fd: '3', address: 'a', clientId: '-', functions: ['f'] }],
      functions: [
        { name: 'f', queued: 2, running: 0, workers: 1 },
        { name: 'g', queued: 3, running: 1, workers: 0 },
      ],
    });
    expect(serverDescription(s)).toBe('3 functions · 1 worker · 5 queued · 1.1.21');
    expect(serverTooltip(s, false)).toContain('3 functions · 1 worker · 5 queued');
    expect(serverDescription(server({ health: 'down' }))).toBe('down');
  });

  it('marks what a server said before it went down as stale, with when it was last seen', () => {
    const seen = new Date(2026, 10, 29, 13, 2, 11).getTime();
    const rows = { functions: [{ name: 'f', queued: 1, running: 0, workers: 1 }], lastSeen: seen };
    const at = new Date(seen).toLocaleTimeString();
    expect(staleLabel(server({ ...rows, health: 'down' }))).toBe(
      `stale since ${new Date(seen).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`,
    );
    expect(staleLabel(server({ functions: rows.functions, health: 'down' }))).toBe('stale');
    expect(staleLabel(server({ ...rows, health: 'up' }))).toBeUndefined();
    expect(staleLabel(server({ health: 'down', lastSeen: seen }))).toBeUndefined();
    expect(functionTooltip(rows.functions[0], server({ ...rows, name: 'prod', health: 'down' }))).toContain(
      `Stale: prod is down; these counts are what it said when last seen at ${at}.`,
    );
    expect(serverTooltip(server({ ...rows, health: 'up' }), false)).toContain(`Last seen: ${at}`);
  });

  it('names the functions a worker serves, each once', () => {
    const w = { fd: '7', address: '10.0.0.1', clientId: '-', functions: ['resize', 'thumb', 'resize', 'crop', 'ocr'] };
    expect(workerFunctions(w)).toEqual(['resize', 'thumb', 'crop', 'ocr']);
    expect(workerDescription(w)).toBe('resize, thumb, crop +1 more');
    expect(workerDescription({ ...w, functions: ['resize'], functionsOmitted: 2 })).toBe('resize +2 more');
    expect(workerDescription({ ...w, functions: ['a', 'b'] })).toBe('a, b');
  });

  it('says connecting in the status bar until a first poll answered or failed', () => {
    expect(statusBarText([], true)).toBe('Gearman: connecting…');
    expect(statusBarText([server({ health: 'unknown' })], true)).toBe('Gearman: connecting…');
    expect(statusBarText([server({ health: 'unknown' }), server({ health: 'down' })], true)).toBe(
      'Gearman: 0/2 servers',
    );
    expect(statusBarText([server()], true)).toBe('Gearman: 1/1 server');
  });

  it('says paused, never connecting, while nothing polls, with what was last seen', () => {
    expect(statusBarText([server({ health: 'unknown' })], false)).toBe('Gearman: 1 server · paused');
    expect(statusBarText([server(), server({ health: 'down' })], false)).toBe('Gearman: 1/2 servers · paused');
    // Before the language server has said anything there is no server to count.
    expect(statusBarText([], false)).toBe('Gearman: connecting…');
  });

  it('flags queued jobs with no worker', () => {
    expect(isStarved({ name: 'f', queued: 1, running: 0, workers: 0 })).toBe(true);
    expect(isStarved({ name: 'f', queued: 0, running: 0, workers: 0 })).toBe(false);
  });

  it('shows ANSI escapes, NUL and newlines as visible text and bounds long names', () => {
    expect(inert('\u001b[31mred\u0000\n')).toBe('\\x1B[31mred\\x00\\x0A');
    expect(inert('caf\udce9')).toBe('caf\\xE9');
    expect(inert('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    const long = inert('x'.repeat(10_000));
    expect(long.length).toBe(120);
    expect(long.endsWith('…')).toBe(true);
  });

  it('says under a server that is not up what it is doing, in full and inert', () => {
    expect(serverStateLine(server())).toBeUndefined();
    expect(serverStateLine(server({ health: 'unknown', host: 'gm\u001b.lan', port: 4730 }))).toBe(
      'Connecting to gm\\x1B.lan:4730…',
    );
    const long = `gearmand at h:1 refused the connection; ${'x'.repeat(300)}`;
    expect(serverStateLine(server({ health: 'down', error: long }))).toBe(long);
    expect(serverStateLine(server({ health: 'down' }))).toBe('Down');
    expect(serverStateLine(server({ health: 'blocked' }))).toBe('Not connected: workspace not trusted');
  });

  it('puts the error and the default-server note in the server tooltip', () => {
    const t = serverTooltip(server({ health: 'down', error: 'gearmand at h:1 refused the connection' }), true);
    expect(t).toContain('refused the connection');
    expect(t).toContain('localhost:4730 is used');
  });

  it('writes an IPv6 address in brackets, as every other host:port in the product', () => {
    expect(serverTooltip(server({ name: 'v6', host: '::1', port: 4730 }), false).split('\n')[0]).toBe(
      'v6 ([::1]:4730)',
    );
  });

  it('says on the row and in the tooltip when certificate checks are off, when a server is read-only, and where it comes from', () => {
    const s = server({ tlsUnverified: true, readOnly: true, source: 'workspace', kind: 'gearmand', version: '1.1.20' });
    expect(serverDescription(s)).toBe(
      '0 functions · 0 workers · 0 queued · 1.1.20 · TLS unverified · read-only · workspace',
    );
    const t = serverTooltip(s, false);
    expect(t).toContain('Certificate checks are OFF (tls.insecureSkipVerify)');
    expect(t).toContain('Read-only (readOnly in gearman.servers)');
    expect(t).toContain('From workspace settings.');
    expect(serverDescription(server({ kind: 'gearmand', version: '1.1.20' }))).toBe(
      '0 functions · 0 workers · 0 queued · 1.1.20',
    );
  });

  it('neutralises bidi and zero-width characters in names, so a name reads as what it is', () => {
    expect(inert('resize\u202Eegami_')).toBe('resize\\u202Eegami_');
    expect(workerLabel({ fd: '3', address: '10.0.0.1', clientId: 'a\u200Bb', functions: [] })).toBe(
      '10.0.0.1 · a\\u200Bb',
    );
  });

  it('labels workers by address and client id and counts healthy servers', () => {
    expect(workerLabel({ fd: '3', address: '::1', clientId: 'img-7', functions: [] })).toBe('::1 · img-7');
    expect(workerLabel({ fd: '3', address: '10.0.0.1', clientId: '-', functions: [] })).toBe('10.0.0.1');
    expect(statusBarText([server(), server({ health: 'down' }), server()], true)).toBe('Gearman: 2/3 servers');
  });

  it('says how many rows a server listed beyond maxRows, which were kept, and what to do', () => {
    const s = server({
      name: 'big',
      functions: [{ name: 'a', queued: 0, running: 0, workers: 1 }],
      functionsOmitted: 12_345,
      workersOmitted: 1,
    });
    expect(moreLabel(s, 'functions')).toBe('12,345 more functions');
    expect(moreLabel(s, 'workers')).toBe('1 more worker');
    expect(moreTooltip(s, 'functions', false)).toBe(
      'big lists 12,345 more functions than the 1 kept (gearman.explorer.maxRows).\n' +
        'Kept first: functions with jobs or workers, then those matching the filter, then the rest by name.\nFilter by name to find one that is not shown.',
    );
    expect(groupDescription(2000, 14_345, false)).toBe('2,000 of 14,345');
    expect(groupDescription(3, 12, true)).toBe('3 of 12 (filtered)');
    expect(groupDescription(12, 12, false)).toBe('12');
  });
});
