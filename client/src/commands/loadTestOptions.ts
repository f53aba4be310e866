// The options step of "Load Test Function": a list showing the current choices; picking one
// changes it, "Start" goes on (the language server then asks to confirm).
import * as vscode from 'vscode';
import type { LoadTestParams } from '../../../server/src/protocol';
import { askText, choose } from './ask';
import { editorSourceItems, fromEditorSource, isEditorSource, type SourceItem } from './payloadSources';

/** The options a user sets before a run. */
export type LoadOptions = Pick<
  LoadTestParams,
  'jobs' | 'durationSec' | 'inFlight' | 'priority' | 'background' | 'uniquePrefix' | 'rampSec' | 'timeoutSec'
>;

async function askNumber(
  title: string,
  prompt: string,
  value: number | undefined,
  min: number,
  max: number,
  whole: boolean,
  optional: boolean,
): Promise<number | undefined | null> {
  const v = await askText({
    title,
    prompt,
    value: value === undefined ? '' : String(value),
    validateInput: (s) => {
      if (optional && s.trim() === '') return undefined;
      const n = Number(s);
      if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n)))
        return `Enter ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}${optional ? ', or nothing' : ''}.`;
      return undefined;
    },
  });
  if (v === undefined) return null;
  return v.trim() === '' ? undefined : Number(v);
}

/** Shows the options until the user starts (or cancels: undefined). */
export async function pickLoadOptions(fn: string, target: string): Promise<LoadOptions | undefined> {
  const o: LoadOptions = { jobs: 1000, inFlight: 16, priority: 'normal', background: false, timeoutSec: 30 };
  for (;;) {
    type Item = vscode.QuickPickItem & { id: string };
    const size = [o.jobs !== undefined ? `${o.jobs} jobs` : '', o.durationSec !== undefined ? `${o.durationSec} s` : '']
      .filter(Boolean)
      .join(' or ');
    const items: Item[] = [
      { id: 'start', label: 'Start', description: `${size}, ${o.inFlight} in flight` },
      { id: 'jobs', label: `Jobs: ${o.jobs ?? '(no limit)'}`, description: 'stop after this many' },
      {
        id: 'duration',
        label: `Duration: ${o.durationSec !== undefined ? `${o.durationSec} s` : '(none)'}`,
        description: 'stop submitting after this many seconds',
      },
      { id: 'inFlight', label: `In flight: ${o.inFlight}`, description: 'jobs waiting for an answer at once' },
      { id: 'priority', label: `Priority: ${o.priority}` },
      {
        id: 'background',
        label: `Background: ${o.background ? 'yes' : 'no'}`,
        description: 'a job counts as done once queued',
      },
      { id: 'unique', label: `Unique ids: ${o.uniquePrefix ? `${o.uniquePrefix}0, ${o.uniquePrefix}1, …` : '(none)'}` },
      {
        id: 'ramp',
        label: `Ramp: ${o.rampSec ? `${o.rampSec} s` : '(none)'}`,
        description: 'grow from 1 to the jobs in flight over this time',
      },
      {
        id: 'timeout',
        label: `Timeout: ${o.timeoutSec ? `${o.timeoutSec} s` : '(none)'}`,
        description: 'a job taking longer counts as a timeout',
      },
    ];
    const pick = await choose(items, {
      title: `Load test ${fn} on ${target}`,
      placeHolder: 'Start, or change an option',
    });
    const set = async (
      key: 'jobs' | 'durationSec' | 'inFlight' | 'rampSec' | 'timeoutSec',
      title: string,
      prompt: string,
      min: number,
      max: number,
      whole: boolean,
      optional: boolean,
    ) => {
      const n = await askNumber(title, prompt, o[key], min, max, whole, optional);
      if (n !== null) o[key] = n;
    };
    switch (pick?.id) {
      case undefined:
        return undefined;
      case 'start':
        if (o.jobs === undefined && o.durationSec === undefined) o.jobs = 1000;
        return o;
      case 'jobs':
        await set('jobs', 'Jobs', 'How many jobs (empty: only the duration limits the run)', 1, 10_000_000, true, true);
        break;
      case 'duration':
        await set(
          'durationSec',
          'Duration',
          'Seconds to keep submitting (empty: no time limit)',
          0.1,
          3600,
          false,
          true,
        );
        break;
      case 'inFlight':
        await set('inFlight', 'Jobs in flight', 'Jobs waiting for an answer at once', 1, 10_000, true, false);
        break;
      case 'ramp':
        await set(
          'rampSec',
          'Ramp',
          'Seconds to grow from 1 job in flight to all of them (empty: none)',
          0,
          3600,
          false,
          true,
        );
        break;
      case 'timeout':
        await set(
          'timeoutSec',
          'Timeout',
          'Seconds before a job counts as a timeout (0: none)',
          0,
          604_800,
          false,
          false,
        );
        break;
      case 'priority': {
        const p = await choose(['high', 'normal', 'low'], { title: 'Priority' });
        if (p === 'high' || p === 'normal' || p === 'low') o.priority = p;
        break;
      }
      case 'background':
        o.background = !o.background;
        break;
      case 'unique': {
        const u = await askText({
          title: 'Unique id prefix',
          prompt: 'Job i gets this prefix followed by i (empty: no unique ids)',
          value: o.uniquePrefix ?? '',
          validateInput: (v) => (Buffer.byteLength(v) > 50 ? 'At most 50 bytes' : undefined),
        });
        if (u !== undefined) o.uniquePrefix = u || undefined;
        break;
      }
    }
  }
}

/** Where a run's payload comes from: bytes (base64), a file the language server reads, or a `.gearman` block. */
export type LoadPayload = { payload: string } | { payloadFile: string } | { block: { uri: string; line: number } };

/** Asks for the payload: typed, empty, the selection, the active file, a file, or the block at the cursor. */
export async function pickLoadPayload(fn: string): Promise<LoadPayload | undefined> {
  const ed = vscode.window.activeTextEditor;
  const items: SourceItem[] = [
    { id: 'type', label: 'Type it', description: 'a single line; \\n for a newline' },
    { id: 'empty', label: 'Empty payload' },
    ...editorSourceItems(ed, {
      pick: 'read by the language server (at most gearman.jobs.maxPayloadFileMiB)',
      block: 'with its own function, server and options',
    }),
  ];
  const b64 = (s: string) => ({ payload: Buffer.from(s, 'utf8').toString('base64') });
  const id = (await choose(items, { title: `Load test ${fn}: payload of every job` }))?.id;
  if (id === 'type') {
    const v = await askText({
      title: `Load test ${fn}: payload`,
      prompt: 'The payload of every job (\\n is a newline)',
    });
    return v === undefined ? undefined : b64(v.replace(/\\n/g, '\n'));
  }
  if (id === 'empty') return b64('');
  if (!id || !isEditorSource(id)) return undefined;
  const got = await fromEditorSource(id, ed, `Load test ${fn}: payload file`);
  if (!got) return undefined;
  return 'text' in got ? b64(got.text) : 'file' in got ? { payloadFile: got.file } : got;
}
