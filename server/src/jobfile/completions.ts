// Completion in `.gearman` files: the SUBMIT keyword, function names, header keys and values.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import { CONTENT_TYPES, HEADER_KEYS, MAX_REPEAT, valueHint } from './headers';
import { isBlank, isComment, isSeparator, lineRange, splitLines } from './lines';
import { lineRoles } from './parse';
import type { LineRole } from './types';

/** What completion knows besides the text: live functions and configured server names. */
export interface CompletionContext {
  functions: { name: string; detail?: string; documentation?: string }[];
  servers: string[];
}

const HEADER_DOCS: Record<string, string> = {
  server: 'Which job server gets the job: a configured server name, `host:port`, or `all` (try each in turn).',
  priority: 'Queue priority: `high`, `normal` (default) or `low`.',
  background: '`true` submits and returns at once (no result); `false` (default) waits for the result.',
  unique: 'Unique id (at most 64 bytes): gearmand merges jobs with the same id. `-` uses the payload as the id.',
  epoch: 'Run later: unix seconds or an ISO-8601 date-time like `2026-01-01T00:00:00Z` (always a background job).',
  repeat: `Submit the job this many times (1 to ${MAX_REPEAT}).`,
  timeout: 'Seconds to wait for a foreground result before giving up.',
  'content-type':
    '`json` checks the payload is JSON; `text` sends it as is (no `@file`, no JSON check); `base64` decodes it to bytes.',
};

/** Completion items at `position` in a job file. */
export function completions(text: string, position: Position, ctx: CompletionContext): CompletionItem[] {
  const lines = splitLines(text);
  const line = lines[position.line];
  if (!line) return [];
  const prefix = line.text.slice(0, position.character);
  const roles = lineRoles(text);

  const submit = /^(\s*submit\s+)(\S*)$/i.exec(prefix);
  if (submit) return functionItems(ctx, position.line, submit[1].length, lineEnd(line.text, submit[1].length));
  if (isSeparator(line.text) || isComment(prefix)) return [];

  const header = /^\s*([A-Za-z][\w-]*)\s*:\s*(\S*)$/.exec(prefix);
  if (header && inHeaderSection(roles, position.line)) {
    const start = position.character - header[2].length;
    return valueItems(header[1].toLowerCase(), ctx).map((item) => ({
      ...item,
      textEdit: { range: lineRange(position.line, start, lineEnd(line.text, start)), newText: item.label },
    }));
  }
  const word = /^\s*([A-Za-z][\w-]*)?$/.exec(prefix);
  if (!word) return [];
  const start = position.character - (word[1]?.length ?? 0);
  const range = lineRange(position.line, start, lineEnd(line.text, start));
  const texts = lines.map((l) => l.text);
  if (atRequestPosition(roles, texts, position.line)) {
    return [
      {
        label: 'SUBMIT',
        kind: CompletionItemKind.Keyword,
        detail: 'SUBMIT <function-name>',
        documentation: 'Starts a job block: the function to run, then optional headers, a blank line and the payload.',
        textEdit: { range, newText: 'SUBMIT ' },
        command: { title: 'Suggest function names', command: 'editor.action.triggerSuggest' },
      },
    ];
  }
  if (!inHeaderSection(roles, position.line)) return [];
  const present = new Set(headerKeysOfBlock(roles, texts, position.line));
  return HEADER_KEYS.filter((k) => !present.has(k)).map((k, i) => ({
    label: k,
    kind: CompletionItemKind.Property,
    sortText: String(i).padStart(2, '0'),
    detail: valueHint(k),
    documentation: { kind: MarkupKind.Markdown, value: HEADER_DOCS[k] },
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: keySnippet(k) },
    command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' },
  }));
}

function lineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return end;
}

function functionItems(ctx: CompletionContext, line: number, start: number, end: number): CompletionItem[] {
  return ctx.functions.map((f) => ({
    label: f.name,
    kind: CompletionItemKind.Function,
    ...(f.detail ? { detail: f.detail } : {}),
    ...(f.documentation ? { documentation: { kind: MarkupKind.Markdown, value: f.documentation } } : {}),
    textEdit: {
      range: lineRange(line, start, end),
      newText: /\s/.test(f.name) || f.name.startsWith('"') ? JSON.stringify(f.name) : f.name,
    },
  }));
}

function keySnippet(key: string): string {
  if (key === 'priority') return 'priority: ${1|normal,high,low|}';
  if (key === 'background') return 'background: ${1|true,false|}';
  return `${key}: $0`;
}

function valueItems(key: string, ctx: CompletionContext): CompletionItem[] {
  const plain = (label: string, detail?: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.Value,
    ...(detail ? { detail } : {}),
  });
  switch (key) {
    case 'priority':
      return ['high', 'normal', 'low'].map((v) => plain(v));
    case 'background':
      return ['true', 'false'].map((v) => plain(v));
    case 'server':
      return [
        ...ctx.servers.map((s) => plain(s, 'configured server')),
        plain('all', 'try every configured server in turn'),
      ];
    case 'content-type':
      return [...new Set(Object.values(CONTENT_TYPES))].map((v) => plain(v));
    case 'unique':
      return [plain('-', 'use the payload as the unique id')];
    default:
      return [];
  }
}

/** True when the line is where a block's SUBMIT line belongs: only blanks, comments or a separator above it in its block. */
function atRequestPosition(roles: LineRole[], texts: string[], line: number): boolean {
  for (let i = line - 1; i >= 0; i--) {
    if (isSeparator(texts[i])) return true;
    if (!isBlank(texts[i]) && !isComment(texts[i])) return false;
  }
  return roles.length > 0;
}

/** True when the line comes right after the request line or headers (comments may sit between). */
function inHeaderSection(roles: LineRole[], line: number): boolean {
  for (let i = line - 1; i >= 0; i--) {
    if (roles[i] === 'request' || roles[i] === 'header') return true;
    if (roles[i] !== 'comment' && roles[i] !== 'invalid') return false;
  }
  return false;
}

function headerKeysOfBlock(roles: LineRole[], texts: string[], line: number): string[] {
  const keys: string[] = [];
  const collect = (i: number) => {
    const m = /^\s*([A-Za-z][\w-]*)\s*:/.exec(texts[i]);
    if (m) keys.push(m[1].toLowerCase());
  };
  for (let i = line - 1; i >= 0 && (roles[i] === 'header' || roles[i] === 'comment' || roles[i] === 'invalid'); i--)
    collect(i);
  // Lines below may read as payload while the current line is unfinished, so go by text there.
  for (let i = line + 1; i < texts.length && !isBlank(texts[i]) && !isSeparator(texts[i]); i++) collect(i);
  return keys;
}
