// A job's full output, which the editor holds only the start of: the language server keeps
// every byte a job sent on disk and writes it to a file on gearman/saveJobOutput. Save asks
// where; Copy and Open as Document go through a temp file, within limits a clipboard and an
// editor can take.
import * as vscode from 'vscode';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeFileName, saveJobOutput, type SaveJobOutputParams } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { isCut } from '../jobs/chunkLog';
import { resultIsCut, type JobState } from '../jobs/jobState';
import { formatBytes } from './resultSections';

/** Largest result copied to the clipboard. */
export const MAX_COPY_BYTES = 16 * 1024 * 1024;
/** Largest result opened as a document (VS Code does not hand larger files to extensions). */
export const MAX_OPEN_BYTES = 50 * 1024 * 1024;

type Part = SaveJobOutputParams['part'];
const WHAT: Record<Part, string> = { data: 'WORK_DATA', warnings: 'warnings', result: 'result' };

let tempDir: string | undefined;
/** A fresh path in this window's temp folder (removed when the extension host exits). */
function tempPath(name: string): string {
  if (!tempDir) {
    const dir = mkdtempSync(join(tmpdir(), 'gearman-output-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    tempDir = dir;
  }
  return join(tempDir, `${Date.now()}-${safeFileName(name, 60)}`);
}

/** Has the server write a part of the job to `path`. */
function saveTo(ctx: Ctx, s: JobState, part: Part, path: string): Promise<{ bytes: number; dropped: number }> {
  return ctx.client.sendRequest(saveJobOutput, { jobId: s.jobId, part, path });
}

function overNote(dropped: number): string {
  return dropped ? ` ${formatBytes(dropped)} more were over gearman.jobs.maxOutputMiB and were not kept.` : '';
}

/** The bytes of a part when the editor holds every one of them, else undefined. */
function heldWhole(s: JobState, part: Part): Buffer | undefined {
  if (part === 'result') return resultIsCut(s) ? undefined : Buffer.from(s.result ?? '', 'base64');
  const log = part === 'data' ? s.data : s.warnings;
  if (log.dropped || log.kept.some(isCut)) return undefined;
  return Buffer.concat(log.kept.map((c) => Buffer.from(c.data, 'base64')));
}

/** Asks for a file and saves all of a part there, as the server kept it (through a temp file when the target is not a local file). */
export async function saveAll(ctx: Ctx, s: JobState, part: Part): Promise<void> {
  const uri = await vscode.window.showSaveDialog({
    title: `Save the ${WHAT[part]} of ${s.request.function}`,
    saveLabel: 'Save',
  });
  if (!uri) return;
  const here = heldWhole(s, part);
  let r: { bytes: number; dropped: number };
  // What the editor holds whole is written from here: a job from the history may be gone from the server.
  if (here) {
    await vscode.workspace.fs.writeFile(uri, here);
    r = { bytes: here.length, dropped: 0 };
  } else if (uri.scheme === 'file') r = await saveTo(ctx, s, part, uri.fsPath);
  else {
    const tmp = tempPath(`${s.jobId}.${part}`);
    r = await saveTo(ctx, s, part, tmp);
    await vscode.workspace.fs.copy(vscode.Uri.file(tmp), uri, { overwrite: true });
    rmSync(tmp, { force: true });
  }
  const message = `Gearman: saved ${formatBytes(r.bytes)} of ${WHAT[part]} to ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}.${overNote(r.dropped)}`;
  if (r.dropped) void vscode.window.showWarningMessage(message);
  else void vscode.window.setStatusBarMessage(message, 5000);
}

/**
 * Where the whole result is: undefined when the editor holds all of it, else a temp file the
 * server wrote it to. Refuses a result over `max` bytes, saying it is too large to `doing`.
 */
async function fetchResult(ctx: Ctx, s: JobState, max: number, doing: string): Promise<string | undefined> {
  const here = Buffer.byteLength(s.result ?? '', 'base64');
  const size = s.resultSize ?? here;
  if (size <= here) return undefined;
  if (size > max)
    throw new Error(
      `the result is ${formatBytes(size)}, too large to ${doing} (at most ${formatBytes(max)}); use Save… to write it to a file`,
    );
  const path = tempPath(`${s.jobId}.result`);
  await saveTo(ctx, s, 'result', path);
  return path;
}

/** Copies the whole result as text. */
export async function copyResult(ctx: Ctx, s: JobState): Promise<void> {
  const path = await fetchResult(ctx, s, MAX_COPY_BYTES, 'copy');
  const bytes = path ? await readFile(path) : Buffer.from(s.result ?? '', 'base64');
  if (path) rmSync(path, { force: true });
  await vscode.env.clipboard.writeText(bytes.toString('utf8'));
  void vscode.window.setStatusBarMessage(`Gearman: result copied (${formatBytes(bytes.length)})`, 3000);
}

/** Opens the whole result as a document: from memory when the editor holds all of it, else from the temp file the server writes. */
export async function openResult(
  ctx: Ctx,
  s: JobState,
  language: 'json' | 'plaintext',
  pretty: (text: string) => string | undefined,
): Promise<void> {
  const path = await fetchResult(ctx, s, MAX_OPEN_BYTES, 'open as a document');
  let doc: vscode.TextDocument;
  if (path) {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    if (language === 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
  } else {
    const text = Buffer.from(s.result ?? '', 'base64').toString('utf8');
    const p = language === 'json' ? pretty(text) : undefined;
    doc = await vscode.workspace.openTextDocument({
      content: p ?? text,
      language: p !== undefined ? 'json' : 'plaintext',
    });
  }
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
}
