// Parts of the result page around one run: the list of the function's recent runs (a <select>
// whose change the page's script posts back), and a preview of the payload that was sent.
// Every value goes through escapeHtml or inertHtml. Pure, so it is unit-tested.
import { describeJob, payloadSize, type JobState } from '../jobs/jobState';
import { bytesToText, escapeHtml, hexDump, inertHtml, looksBinary } from './resultText';

/** Payload bytes shown in the preview; the size says how many there are. */
export const PAYLOAD_PREVIEW_BYTES = 2048;

const two = (n: number) => String(n).padStart(2, '0');
/** A clock time for the runs list: `14:02:03`. */
export function clockTime(t: number | undefined): string {
  if (t === undefined) return '—';
  const d = new Date(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The runs list: newest first, the shown one selected; nothing when there is only one run. */
export function runsNav(runs: readonly JobState[], shown: string): string {
  if (runs.length < 2) return '';
  const options = runs
    .map((r, i) => {
      const label = `#${runs.length - i} · ${clockTime(r.times.submitted)} · ${describeJob(r)}`;
      return `<option value="${escapeHtml(r.jobId)}"${r.jobId === shown ? ' selected' : ''}>${inertHtml(label)}</option>`;
    })
    .join('');
  return `<p><label for="runs">Run</label> <select id="runs">${options}</select> <span class="dim">${runs.length} recent runs of this function</span></p>`;
}

/** The payload's first bytes, as text (or hex when it holds control bytes), or where it was read from. */
export function payloadPreview(s: JobState): string {
  const r = s.request;
  if (r.payload === undefined) {
    const from = r.payloadFile ? `read by the server from ${r.payloadFile}` : 'not kept (too large)';
    return `<p class="note" id="payload">${inertHtml(from)}</p>`;
  }
  const bytes = Buffer.from(r.payload, 'base64');
  if (!bytes.length) return '<p class="note" id="payload">empty (0 bytes)</p>';
  const head = bytes.subarray(0, PAYLOAD_PREVIEW_BYTES);
  const body = looksBinary(head)
    ? escapeHtml(hexDump(head, PAYLOAD_PREVIEW_BYTES, bytes.length))
    : inertHtml(bytesToText(head).text);
  const more = bytes.length > head.length ? `<p class="note">first ${head.length} of ${payloadSize(r)} bytes</p>` : '';
  return `<pre id="payload">${body}</pre>${more}`;
}
