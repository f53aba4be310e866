// From a parsed block to the bytes and options a submitter sends, and back from a
// submitted request to the text of a block (for "open history entry as .gearman").
import * as path from 'node:path';
import { isSeparator } from './lines';
import type { JobBlock, JobOptions, ParsedJobFile, Problem } from './types';

/** What to submit: function, payload bytes and options. */
export interface SubmitRequest {
  functionName: string;
  payload: Buffer;
  options: JobOptions;
}

/** A refusal from the file reader that already names the file and says what to do: passed on as it is. */
export class PayloadRefusal extends Error {}

/** Resolves a block's payload (reading `@file` bytes through `readFile`) into a submit request. Rejects with a readable message when the file cannot be read (a PayloadRefusal unchanged). */
export async function blockToSubmitRequest(
  block: JobBlock,
  documentDir: string,
  readFile: (absPath: string) => Uint8Array | Promise<Uint8Array>,
): Promise<SubmitRequest> {
  const options = { ...block.options };
  const body = block.body;
  let payload: Buffer;
  if (body.kind === 'file') {
    if (!body.path)
      throw new Error(`the block for ${block.functionName} has '@' without a file path; write @path/to/file`);
    const abs = resolvePayloadPath(documentDir, body.path);
    try {
      payload = Buffer.from(await readFile(abs));
    } catch (e) {
      if (e instanceof PayloadRefusal) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(`cannot read the payload file ${body.path} (resolved to ${abs}): ${reason}`);
    }
  } else if (body.kind === 'base64') {
    payload = Buffer.from((body.text ?? '').replace(/\s+/g, ''), 'base64');
  } else {
    payload = Buffer.from(body.text ?? '', 'utf8');
  }
  return { functionName: block.functionName, payload, options };
}

/** Absolute path of an `@file` reference: relative paths are taken from the .gearman file's folder. */
export function resolvePayloadPath(documentDir: string, filePath: string): string {
  return path.resolve(documentDir, filePath);
}

/** The error-severity problems that fall inside a block (a submitter should refuse to send it while there are any). */
export function blockErrors(parsed: ParsedJobFile, block: JobBlock): Problem[] {
  const { start, end } = block.range;
  return parsed.problems.filter(
    (p) => p.severity === 'error' && p.range.start.line >= start.line && p.range.start.line <= end.line,
  );
}

/**
 * Writes a request as the text of one `.gearman` block (starting with a `###` line),
 * which parseJobFile reads back to the same request. Payloads that are not plain UTF-8
 * text a body can hold (line breaks at the ends, `\r`, lines starting `###`) are written as base64.
 */
export function serializeBlock(request: SubmitRequest, title?: string): string {
  const out: string[] = [
    title ? `### ${title.replace(/[\r\n]+/g, ' ')}` : '###',
    `SUBMIT ${quoteName(request.functionName)}`,
  ];
  const o = request.options;
  if (o.server !== undefined) out.push(`server: ${o.server}`);
  if (o.priority !== 'normal') out.push(`priority: ${o.priority}`);
  if (o.background && o.epoch === undefined) out.push('background: true');
  if (o.unique !== undefined) out.push(`unique: ${o.unique}`);
  if (o.epoch !== undefined) out.push(`epoch: ${o.epoch}`);
  if (o.repeat !== 1) out.push(`repeat: ${o.repeat}`);
  if (o.timeoutSec !== undefined) out.push(`timeout: ${o.timeoutSec}`);

  const text = asBodyText(request.payload);
  if (text === undefined) {
    out.push('content-type: base64', '', ...(request.payload.toString('base64').match(/.{1,76}/g) ?? []));
  } else if (text !== '') {
    if (needsTextType(text)) out.push('content-type: text');
    out.push('', text);
  }
  return out.join('\n') + '\n';
}

function quoteName(name: string): string {
  if (name !== '' && !/\s/.test(name) && !name.startsWith('"')) return name;
  const escaped = name.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c,
  );
  return `"${escaped}"`;
}

/** The payload as body text, or undefined when a text body cannot hold it exactly. */
function asBodyText(payload: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload);
  } catch {
    return undefined;
  }
  if (text === '') return text;
  const lines = text.split('\n');
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  if (lines[0].trim() === '' || lines[lines.length - 1].trim() === '') return undefined;
  if (lines.some((l) => isSeparator(l))) return undefined;
  return text;
}

/** Text the parser would otherwise read as an @file reference or as (broken) JSON. */
function needsTextType(text: string): boolean {
  if (text.trimStart().startsWith('@')) return true;
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}
