// The result panel's data, warning and result sections. Only what the job state keeps is
// drawn (a bounded number of chunks), and what is not shown is said in one line with the
// button that saves all of it. Every byte from the wire goes through inertHtml. Pure.
import type { ChunkLog } from '../jobs/chunkLog';
import { isCut } from '../jobs/chunkLog';
import type { JobState } from '../jobs/jobState';
import { detectJson, jsonTreeHtml } from './jsonTree';
import {
  bytesToText,
  escapeHtml,
  hexDump,
  inertHtml,
  looksBinary,
  MAX_HEX_BYTES,
  MAX_SHOWN_BYTES,
  prettyJson,
} from './resultText';

/** How the result is shown. */
export type ResultView = 'text' | 'json' | 'hex';

/** Buttons of the panel; the script posts `{ action }` for each (`{ action: 'pick', jobId }` for the runs list). */
export type PanelAction =
  | ResultView
  | 'copy'
  | 'save'
  | 'open'
  | 'saveData'
  | 'saveWarnings'
  | 'watch'
  | 'stopWatch'
  | 'rerun'
  | 'openBlock'
  | 'cancel'
  | 'compare'
  | 'pick';

/**
 * The view a result opens in: JSON (a folding tree) when it is a whole JSON object or array,
 * else text (control bytes shown as escapes, with a note pointing to the hex view), live or
 * from the history alike.
 */
export function defaultView(s: JobState): ResultView {
  if (s.result === undefined) return 'text';
  const bytes = Buffer.from(s.result, 'base64');
  return (s.resultSize ?? bytes.length) <= bytes.length && detectJson(bytes.toString('utf8')) ? 'json' : 'text';
}

/** A size for people: `512 bytes`, `16 KiB`, `1.5 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  const [v, unit] =
    n < 1024 * 1024 ? [n / 1024, 'KiB'] : n < 1024 ** 3 ? [n / 1024 ** 2, 'MiB'] : [n / 1024 ** 3, 'GiB'];
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
}

const button = (action: PanelAction, label: string) => `<button data-action="${action}">${escapeHtml(label)}</button>`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The result (or exception), cut to what the view shows, saying how much there is. */
export function resultSection(s: JobState, view: ResultView): string {
  if (s.result === undefined) return '';
  const bytes = Buffer.from(s.result, 'base64');
  const size = Math.max(s.resultSize ?? 0, bytes.length);
  let body: string;
  let note = '';
  let shown: number;
  if (view === 'hex') {
    body = escapeHtml(hexDump(bytes, MAX_HEX_BYTES, size));
    shown = Math.min(bytes.length, MAX_HEX_BYTES);
  } else {
    const { text } = bytesToText(bytes);
    shown = Math.min(bytes.length, MAX_SHOWN_BYTES);
    if (view === 'json') {
      // A cut result is not JSON; pretty-printing only what the view shows would mislead.
      const json = shown === size ? detectJson(text) : undefined;
      const tree = json && jsonTreeHtml(json.value);
      if (tree)
        return `<section><h2>${s.phase === 'exception' ? 'Exception' : 'Result'} <span class="dim" id="result-size">${formatBytes(size)}</span> <span class="dim">JSON</span></h2><div id="result" class="tree">${tree}</div></section>`;
      const pretty = shown === size ? prettyJson(text) : undefined;
      body = inertHtml(pretty ?? text);
      if (pretty === undefined)
        note = `<p class="note">${shown === size ? 'The result is not JSON' : 'Only the start of the result is here'}; shown as text.</p>`;
    } else body = inertHtml(text);
  }
  if (shown < size)
    note += `<p class="note" id="result-cut">first ${formatBytes(shown)} of ${formatBytes(size)} shown — ${button('save', 'Save…')} Copy and Open as Document use all of it.</p>`;
  if (view === 'text' && looksBinary(bytes))
    note += '<p class="note">The result holds control bytes (shown as \\xHH). The hex view shows the raw bytes.</p>';
  const title = s.phase === 'exception' ? 'Exception' : 'Result';
  return `<section><h2>${title} <span class="dim" id="result-size">${formatBytes(size)}</span></h2>${note}<pre id="result" class="${s.phase === 'exception' ? 'bad' : ''}">${body}</pre></section>`;
}

/** The kept chunks of one kind, numbered by their place among all the job sent, with what is not shown. */
export function chunkSection(title: string, id: 'data' | 'warnings', log: ChunkLog): string {
  if (!log.total) return '';
  const save = button(id === 'data' ? 'saveData' : 'saveWarnings', 'Save All…');
  const more = log.dropped
    ? `<p class="note" id="${id}-more">${plural(log.dropped, 'more chunk', 'more chunks')} (${formatBytes(log.droppedBytes)}) not shown — ${save}</p>`
    : '';
  const items = log.kept
    .map((c) => {
      const cut = isCut(c)
        ? ` <span class="dim">first ${formatBytes(Buffer.byteLength(c.data, 'base64'))} of ${formatBytes(c.size)}</span>`
        : '';
      // The chunk's number once, as text: its place among all chunks the job sent (kept or not).
      return `<li><span class="n">${c.index}</span>${cut}<pre>${inertHtml(bytesToText(Buffer.from(c.data, 'base64')).text)}</pre></li>`;
    })
    .join('');
  const head = `${plural(log.total, 'chunk', 'chunks')}, ${formatBytes(log.totalBytes)}`;
  return `<section><h2>${title} <span class="dim" id="${id}-count">${head}</span> ${log.dropped ? '' : save}</h2>${more}<ol id="${id}">${items}</ol></section>`;
}
