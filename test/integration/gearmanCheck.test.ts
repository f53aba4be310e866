// gearman-check, the built dist/check.js run as CI runs it, over a small repository with known
// findings (test/integration/fixtures/check-repo: JSONC settings with comments, a user call
// pattern, a constant, excluded folders): every output format, the exit codes, --config, and a
// run against a real gearmand with a real `gearman -w` worker.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { freePort, startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { adminLine, until } from './gearmanHelpers';

const CHECK = resolve(__dirname, '../../dist/check.js');
const REPO = resolve(__dirname, 'fixtures/check-repo');
const SARIF_SCHEMA = resolve(__dirname, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(args: string[], cwd = REPO): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CHECK, ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
          ? (err as unknown as { code: number }).code
          : -1
        : 0;
      done({ code, stdout, stderr });
    });
  });
}

const unknown = (name: string, via = '') =>
  `No worker code in the checked files registers '${name}'${via}, and gearman.knownFunctions does not list it.`;

/** The findings the fixture repository holds without live servers, as `file:line:col`. */
const OFFLINE = [
  ['client.php', 7, 24, 7, 36, unknown('resize_imgae')],
  ['client.php', 8, 19, 8, 30, unknown('thumbnial', ' (the value of Jobs::THUMB)')],
  ['client.php', 10, 25, 10, 34, unknown('send_mial')],
  ['jobs.py', 4, 20, 4, 31, unknown('count_lines')],
] as const;

describe('gearman-check over a repository', () => {
  it('prints compiler-style lines and a summary, and exits 1 for findings', async () => {
    const r = await check([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      OFFLINE.map(([f, l, c, , , m]) => `${f}:${l}:${c}: error: ${m} [unknown-function]\n`).join(''),
    );
    expect(r.stderr).toBe(
      'gearman-check: 4 problems in 2 files; 9 call sites in 3 files checked against the worker code and gearman.knownFunctions.\n',
    );
  });

  it('writes JSON with positions, codes and the names', async () => {
    const r = await check(['--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { files: number; sites: number; findings: Record<string, unknown>[] };
    expect(json.files).toBe(3);
    expect(json.findings.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.message])).toEqual(
      OFFLINE.map((x) => [...x]),
    );
    expect(json.findings[1]).toMatchObject({
      severity: 'error',
      code: 'unknown-function',
      name: 'thumbnial',
      wireName: 'thumbnial',
      constant: 'Jobs::THUMB',
    });
  });

  it('writes SARIF 2.1.0 that its JSON schema accepts, with rules, levels and regions', async () => {
    const r = await check(['--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: Record<string, unknown>[];
        originalUriBaseIds: Record<string, { uri: string }>;
      }[];
    };
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('gearman-check');
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(['unknown-function', 'no-live-worker']);
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe(`file://${REPO}/`);
    expect(run.results.map((x) => x.level)).toEqual(['error', 'error', 'error', 'error']);
    expect(run.results[0]).toMatchObject({
      ruleId: 'unknown-function',
      message: { text: OFFLINE[0][5] },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'client.php', uriBaseId: 'SRCROOT' },
            region: { startLine: 7, startColumn: 24, endLine: 7, endColumn: 36 },
          },
        },
      ],
    });
  });

  it('proves the SARIF check can fail: a result without its message is refused', async () => {
    const sarif = JSON.parse((await check(['--format', 'sarif'])).stdout) as {
      runs: { results: Record<string, unknown>[] }[];
    };
    delete sarif.runs[0].results[0].message;
    const ajv = new Ajv({ strict: false, unicodeRegExp: false });
    addFormats(ajv);
    expect(ajv.validate(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object, sarif)).toBe(false);
  });

  it('writes GitHub workflow annotations with escaped properties', async () => {
    const r = await check(['--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      `::error file=client.php,line=7,col=24,endLine=7,endColumn=36,title=gearman unknown-function::${OFFLINE[0][5]}`,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('takes settings from --config (nested form), where the severity and known names differ', async () => {
    const r = await check(['--config', 'other-settings.jsonc', '--format', 'json']);
    const json = JSON.parse(r.stdout) as { findings: { file: string; line: number; severity: string }[] };
    expect(json.findings.map((f) => [f.file, f.line, f.severity])).toEqual([
      ['client.php', 7, 'warning'],
      ['client.php', 8, 'warning'],
    ]);
    expect(r.code).toBe(1);
  });

  it('shows a progress line on a terminal only, cleared before the summary', async () => {
    // `script` gives the checker a pseudo-terminal; the report itself goes to /dev/null.
    const onTty = await new Promise<string>((done) => {
      execFile(
        'script',
        ['-qec', `${process.execPath} ${CHECK} --format json > /dev/null`, '/dev/null'],
        { cwd: REPO },
        (_e, out) => done(out),
      );
    });
    expect(onTty).toContain('\rgearman-check: 3 / 3 files (100%)\r\x1b[K');
    expect(onTty).toContain('gearman-check: 4 problems in 2 files');
    const piped = await check(['--format', 'json']);
    expect(piped.stderr).not.toContain('\r');
    const quiet = await new Promise<string>((done) => {
      execFile(
        'script',
        ['-qec', `${process.execPath} ${CHECK} --no-progress > /dev/null`, '/dev/null'],
        { cwd: REPO },
        (_e, out) => done(out),
      );
    });
    expect(quiet).not.toContain('files (');
  });

  it('runs as the package bin (npx gearman-check) and as node dist/check.js', async () => {
    const version = await new Promise<string>((done) => {
      execFile('npx', ['--no-install', 'gearman-check', '--version'], { cwd: resolve(__dirname, '../..') }, (_e, out) =>
        done(out),
      );
    });
    expect(version).toBe('gearman-check 0.1.0\n');
    expect((await check(['--version'])).stdout).toBe(version);
  });

  it('exits 0 when there is nothing to report', async () => {
    const r = await check(['workers']);
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'gearman-check: no problems; 3 call sites in 1 files checked against the worker code and gearman.knownFunctions.\n',
    });
  });

  it('exits 2 with a message naming what to fix', async () => {
    const bad = await check(['--format', 'xml']);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([
      2,
      '',
      'gearman-check: --format must be one of text, json, sarif, github, not "xml"\nRun gearman-check --help for the options.\n',
    ]);
    const missing = await check(['no/such/dir']);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'gearman-check: no/such/dir does not exist; give folders or files to check\n',
    ]);
    const unknownOption = await check(['--verbose']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--verbose'");
    const noConfig = await check(['--config', 'nope.json']);
    expect([noConfig.code, noConfig.stderr]).toEqual([
      2,
      `gearman-check: the settings file ${join(REPO, 'nope.json')} does not exist; give a JSON settings file with --config\n`,
    ]);
    const broken = await check(['--config', 'client.php']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^gearman-check: client\.php:1:1: not valid JSON with comments \(\w+\); fix the file or give another with --config\n$/,
    );
  });
});

describe('gearman-check against a live gearmand', () => {
  let gd: GearmandHandle;
  let worker: CliWorker;

  beforeAll(async () => {
    gd = await startGearmand();
    worker = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
    await until(
      async () => /count_lines/.test(await adminLine(gd.port, 'workers')),
      10_000,
      'count_lines worker registered',
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await gd?.stop();
  });

  it('counts live workers: a live name is fine, a workspace name with no live worker is a warning', async () => {
    const r = await check(['--server', `127.0.0.1:${gd.port}`, '--format', 'json']);
    const json = JSON.parse(r.stdout) as {
      servers: string[];
      findings: { file: string; line: number; code: string; severity: string; message: string }[];
    };
    expect(json.servers).toEqual([`127.0.0.1:${gd.port}`]);
    expect(json.findings.map((f) => [f.file, f.line, f.code, f.severity])).toEqual([
      ['client.php', 6, 'no-live-worker', 'warning'],
      ['client.php', 7, 'unknown-function', 'error'],
      ['client.php', 8, 'unknown-function', 'error'],
      ['client.php', 10, 'unknown-function', 'error'],
    ]);
    expect(json.findings[1].message).toBe(
      `No worker registers 'resize_imgae' on 127.0.0.1:${gd.port}, and no worker code in this workspace registers it.`,
    );
    expect(json.findings[0].message).toContain(
      "'resize_image' is registered by worker code in this workspace (workers/worker.php)",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`checked against 127.0.0.1:${gd.port} and the worker code`);
  });

  it('exits 2 naming a server that cannot be reached', async () => {
    const port = await freePort();
    const r = await check(['--server', `127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^gearman-check: cannot check against 127\\.0\\.0\\.1:${port}: .*refused`));
  });
});
