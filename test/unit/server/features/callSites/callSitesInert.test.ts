// Text from servers and repositories in hovers, completion and quick fixes for names in code:
// rendered with a real CommonMark renderer (markdown-it, links auto-detected as VS Code's
// renderer does), hostile client ids, errors and names must come out as text, never as a link,
// an image or a broken code span; quick fixes and completion insert only plain names; names
// like `__proto__` and `toString` are names like any other.
import MarkdownIt from 'markdown-it';
import { afterAll, describe, expect, it } from 'vitest';
import type { MarkupContent } from 'vscode-languageserver';
import type { CallSite } from '../../../../../server/src/analysis';
import { applyPoll, initialSnapshot, type PollData } from '../../../../../server/src/registry/snapshot';
import type { ServerSnapshot } from '../../../../../server/src/registry/types';
import { completeName, hoverName } from '../../../../../server/src/features/callSites/answers';
import { checkSites } from '../../../../../server/src/features/callSites/diagnose';
import { quickFixes } from '../../../../../server/src/features/callSites/fixes';
import { LiveView } from '../../../../../server/src/features/callSites/liveView';
import type { NameFacts } from '../../../../../server/src/features/callSites/nameFacts';
import { WorkspaceIndex } from '../../../../../server/src/features/callSites/workspaceIndex';
import { makeAnalyzer } from '../../analysis/support';

const NOW = 1_700_000_000_000;
const md = new MarkdownIt({ linkify: true });
const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

const LINK = '[x](http://evil.example)';
const IMAGE = '![i](http://evil.example/p.png)';
const HOSTILE_ID = `w\`1 ${LINK} ${IMAGE} http://evil.example/auto`;
const BIDI = 'resize\u202Eegami_';

function site(name: string, role: CallSite['role'] = 'submit', line = 0): CallSite {
  return {
    name,
    wireName: name,
    role,
    call: 'doNormal',
    library: 'pecl gearman',
    range: { start: { line, character: 10 }, end: { line, character: 10 + name.length } },
  };
}

function poll(names: { name: string; workers: number; clientId?: string }[]): PollData {
  return {
    status: names.map((n) => ({ name: n.name, queued: 1, running: 0, workers: n.workers })),
    workers: names
      .filter((n) => n.workers > 0)
      .map((n, i) => ({ fd: String(i + 5), address: '10.0.0.9', clientId: n.clientId ?? 'w', functions: [n.name] })),
    version: { kind: 'gearmand', version: '1.1.20' },
  };
}

function liveServer(names: { name: string; workers: number; clientId?: string }[], name = 'prod'): ServerSnapshot {
  return applyPoll(
    initialSnapshot({ id: '10.0.0.5:4730', name, host: '10.0.0.5', port: 4730, source: 'user' }),
    poll(names),
    NOW - 1000,
  );
}

function facts(snapshots: ServerSnapshot[], sites: CallSite[] = [], known: string[] = []): NameFacts {
  const index = new WorkspaceIndex(analyzer);
  index.setOpen('file:///ws/client.php', sites);
  return {
    live: new LiveView(snapshots, NOW, 60_000),
    index,
    known: new Set(known),
    describe: (uri) => uri.replace('file:///ws/', ''),
  };
}

/** What a markdown renderer makes of it: no link, no image, and the visible text. */
function rendered(value: string): { html: string; text: string } {
  const html = md.render(value);
  return {
    html,
    text: html
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  };
}

describe('hover over a name in code', () => {
  it('shows a worker client id with backticks, a link and an image as literal code', () => {
    const f = facts([liveServer([{ name: 'resize_image', workers: 1, clientId: HOSTILE_ID }])]);
    const hover = hoverName(f, site('resize_image'));
    const { html, text } = rendered((hover.contents as MarkupContent).value);
    expect(html).not.toMatch(/<a |<img /);
    expect(text).toContain(HOSTILE_ID);
  });

  it('shows a server error, a server name and a name from code as text', () => {
    const down: ServerSnapshot = {
      ...initialSnapshot({ id: '10.0.0.6:4730', name: `stage ${LINK}`, host: '10.0.0.6', port: 4730, source: 'user' }),
      health: 'down',
      error: `refused ${IMAGE} <img src=x>`,
    };
    const name = `${LINK}\`x`;
    const f = facts([liveServer([{ name, workers: 1 }], `prod ${IMAGE}`), down]);
    const { html, text } = rendered((hoverName(f, site(name)).contents as MarkupContent).value);
    expect(html).not.toMatch(/<a |<img /);
    expect(text).toContain(name);
    expect(text).toContain(`refused ${IMAGE} <img src=x>`);
    expect(text).toContain(`prod ${IMAGE} (10.0.0.5:4730)`);
  });

  it('shows bidi controls in a name as visible escapes', () => {
    const { text } = rendered((hoverName(facts([]), site(BIDI)).contents as MarkupContent).value);
    expect(text).not.toContain('\u202E');
    expect(text).toContain('resize\\u202Eegami_');
  });
});

describe('completion in a name argument', () => {
  const slot = {
    role: 'submit' as const,
    partial: '',
    range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } },
    call: 'doNormal',
    prefix: '',
  };

  it('escapes client ids in the documentation and offers only names that can be written into code as they are', () => {
    const f = facts([
      liveServer([
        { name: 'resize_image', workers: 1, clientId: HOSTILE_ID },
        { name: BIDI, workers: 1 },
        { name: "quote'); evil('", workers: 1 },
        { name: 'a\u200Bb', workers: 1 },
      ]),
    ]);
    const items = completeName(f, slot, { uri: 'file:///ws/other.php' });
    expect(items.map((i) => i.label)).toEqual(['resize_image']);
    const { html, text } = rendered((items[0].documentation as MarkupContent).value);
    expect(html).not.toMatch(/<a |<img /);
    expect(text).toContain(HOSTILE_ID);
    for (const i of items) expect(i.label + (i.detail ?? '')).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
  });

  it('escapes the places a name is submitted from (paths come from the repository)', () => {
    const f = facts([liveServer([{ name: 'live', workers: 1 }])], [site('unserved_one', 'submit', 3)]);
    f.describe = () => `dir/${LINK}\`.php`;
    const items = completeName(f, { ...slot, role: 'register' }, { uri: 'file:///ws/worker.php' });
    const unserved = items.find((i) => i.label === 'unserved_one')!;
    const { html, text } = rendered((unserved.documentation as MarkupContent).value);
    expect(html).not.toMatch(/<a |<img /);
    expect(text).toContain(`dir/${LINK}\`.php:4`);
  });
});

describe('quick fixes', () => {
  it('"Did you mean" offers only plain names, even when a hostile one is nearer', () => {
    const f = facts([
      liveServer([
        { name: 'resize_imag`', workers: 1 },
        { name: "resize_imag'", workers: 1 },
        { name: 'resize_imag\\', workers: 1 },
        { name: 'resize_im\u202Eage', workers: 1 },
        { name: 'resize_imaeg', workers: 1 },
      ]),
    ]);
    const typo = site('resize_imag');
    const [d] = checkSites([typo], {
      live: f.live,
      registrations: () => [],
      known: new Set(),
      severity: 'error',
      now: NOW,
      describe: (u) => u,
    });
    const actions = quickFixes(f, 'file:///ws/client.php', [d]);
    const inserted = actions.flatMap((a) =>
      Object.values(a.edit?.changes ?? {})
        .flat()
        .map((e) => e.newText),
    );
    expect(inserted).toEqual(['resize_imaeg']);
    expect(actions.map((a) => a.title)).toEqual([
      "Did you mean 'resize_imaeg'?",
      "Add 'resize_imag' to gearman.knownFunctions",
    ]);
  });

  it('names a hidden character in the diagnostic and the fix title visibly', () => {
    const f = facts([liveServer([{ name: 'other', workers: 1 }])]);
    const [d] = checkSites([site(BIDI)], {
      live: f.live,
      registrations: () => [],
      known: new Set(),
      severity: 'error',
      now: NOW,
      describe: (u) => u,
    });
    expect(d.message).toContain("'resize\\u202Eegami_'");
    expect(quickFixes(f, 'file:///ws/client.php', [d]).map((a) => a.title)).toEqual([
      "Add 'resize\\u202Eegami_' to gearman.knownFunctions",
    ]);
  });
});

describe('names that are also Object.prototype members', () => {
  it('tracks since when __proto__, toString and constructor have had no worker, like any name', () => {
    const names = ['__proto__', 'toString', 'constructor'];
    const first = liveServer(names.map((name) => ({ name, workers: 0 })));
    const later = applyPoll(
      first,
      {
        ...poll(names.map((name) => ({ name, workers: 0 }))),
        status: names.map((name) => ({ name, queued: 2, running: 0, workers: 0 })),
      },
      NOW - 500,
    );
    for (const n of names) expect(later.functions.find((f) => f.name === n)?.workerlessSince).toBe(NOW - 1000);
    const f = facts([later], [site('toString', 'register', 9), site('__proto__', 'register', 10)]);
    const diags = checkSites([site('toString'), site('__proto__'), site('constructor')], {
      live: f.live,
      registrations: (n) => f.index.sitesNamed(n, 'register'),
      known: new Set(),
      severity: 'error',
      now: NOW,
      describe: (u) => u,
    });
    expect(diags.map((d) => d.code)).toEqual(['no-live-worker', 'no-live-worker', 'unknown-function']);
    expect(diags[0].message).toContain('without one on prod for 1 s');
    expect(diags[1].message).toContain('without one on prod for 1 s');
    expect(f.index.sitesNamed('valueOf')).toEqual([]);
  });

  it('reads a snapshot that went through JSON (a plain object) without taking its prototype for data', () => {
    const parsed = JSON.parse(JSON.stringify(liveServer([{ name: 'idle', workers: 0 }]))) as ServerSnapshot;
    const live = new LiveView([parsed], NOW, 60_000);
    expect(live.perServer('idle')[0].workerlessSince).toBe(NOW - 1000);
    expect(live.perServer('toString')[0].workerlessSince).toBeUndefined();
    expect(live.perServer('constructor')[0].workerlessSince).toBeUndefined();
  });
});
