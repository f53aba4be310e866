// gearman.server.submitJobBlock: reads the block of an open `.gearman` document that holds a
// line, applies the job-file rules (jobFileRules.ts: the server and the `@file` are asked
// about or refused before anything is read or sent), and submits it `repeat` times.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerContext } from '../../context';
import { FileRefusedError, readBounded } from '../../files/readBounded';
import {
  blockErrors,
  blockToSubmitRequest,
  parseJobFile,
  PayloadRefusal,
  serializeBlock,
} from '../../jobfile/features';
import {
  PAYLOAD_ECHO_LIMIT,
  type JobRequestInfo,
  type SubmitBlockParams,
  type SubmitBlockResult,
  type SubmitJobParams,
} from '../../protocol';
import { documentDir, ruleContext } from './jobFile';
import { fileVerdict, serverVerdict } from './jobFileRules';
import { parseAsBlockParams, parseBlockParams } from './params';
import type { JobRunner } from './runner';
import { progressFor } from './submit';

/** Jobs of one block submitted at once, at most. */
const PARALLEL = 10;

/** A block ready to send: the job (without its id), what the editor is told, and how many times. */
interface PreparedBlock {
  job: Omit<SubmitJobParams, 'jobId' | 'workDoneToken'>;
  info: JobRequestInfo;
  repeat: number;
  origin: string;
}

function describeDoc(ctx: ServerContext, uri: string): string {
  const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const folder = ctx.workspaceFolders().find((f) => path.startsWith(`${f}/`));
  return `the job file ${folder ? path.slice(folder.length + 1) : basename(path)}`;
}

/** Reads the block at `p.line`, applying the job-file rules; throws a readable error when it cannot be sent. */
export async function prepareBlock(ctx: ServerContext, p: SubmitBlockParams): Promise<PreparedBlock> {
  const doc = ctx.documents.get(p.uri);
  if (!doc) throw new Error(`The job file ${p.uri} is not open in the editor; open it and try again`);
  const parsed = parseJobFile(doc.getText());
  const block = parsed.blocks.find((b) => p.line >= b.range.start.line && p.line <= b.range.end.line);
  if (!block) throw new Error(`Line ${p.line + 1} of the job file is not in a block with a SUBMIT line`);
  const errors = blockErrors(parsed, block);
  if (errors.length) {
    const first = errors[0];
    throw new Error(
      `Not submitted: the ${block.functionName || 'job'} block has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; fix ${errors.length === 1 ? 'it' : 'them'} first. Line ${first.range.start.line + 1}: ${first.message}`,
    );
  }
  const rules = ruleContext(ctx);
  const origin = describeDoc(ctx, p.uri);
  const o = block.options;
  if (o.server) {
    const v = serverVerdict(o.server, rules);
    if (v.kind === 'refuse') throw new Error(`Not submitted: ${v.message}`);
  }
  // Asks about an unconfigured address now, once, rather than once per repeat.
  const target = await ctx.servers.resolve(o.server, {
    purpose: 'job',
    allowAll: true,
    adHoc: { origin: `${origin[0].toUpperCase()}${origin.slice(1)}` },
  });
  const req = await blockToSubmitRequest(block, documentDir(ctx, doc.uri), async (abs) => {
    const shown = block.body.path ?? abs;
    const v = fileVerdict(abs, shown, rules);
    if (v.kind === 'refuse') throw new PayloadRefusal(v.message);
    if (v.kind === 'ask') {
      const ok = await ctx.confirm({
        message: `Read ${abs} and send it to ${target.label}?`,
        detail: `${origin[0].toUpperCase()}${origin.slice(1)} asks for ${shown}, which is outside the workspace folders. Its bytes become the payload of a ${block.functionName} job on ${target.label}.`,
        action: 'Read and send',
      });
      if (!ok) throw new PayloadRefusal(`${shown} is outside the workspace folders and reading it was not confirmed`);
    }
    try {
      return await readBounded(abs, rules.maxFileBytes, 'the payload file');
    } catch (e) {
      // It names the file and what to do (a FIFO, a file that grew over the cap since the check...).
      throw e instanceof FileRefusedError ? new PayloadRefusal(e.message) : e;
    }
  });
  const job = {
    serverId: o.server,
    function: req.functionName,
    payload: req.payload.toString('base64'),
    priority: o.priority,
    background: o.background,
    unique: o.unique,
    epoch: o.epoch,
    timeoutSec: o.timeoutSec,
  };
  const { payload, ...rest } = job;
  const info: JobRequestInfo = {
    ...rest,
    payloadSize: req.payload.length,
    ...(req.payload.length <= PAYLOAD_ECHO_LIMIT ? { payload } : {}),
  };
  return { job, info, repeat: p.repeat ?? o.repeat, origin };
}

/** Registers gearman.server.submitJobBlock and gearman.server.requestAsBlock. */
export function registerBlockSubmit(ctx: ServerContext, runner: JobRunner): void {
  ctx.addCommand('gearman.server.requestAsBlock', (args) => {
    const { request: r, title } = parseAsBlockParams(args[0]);
    return serializeBlock(
      {
        functionName: r.function,
        payload: Buffer.from(r.payload, 'base64'),
        options: {
          server: r.serverId,
          priority: r.priority ?? 'normal',
          background: !!r.background,
          unique: r.unique,
          epoch: r.epoch,
          repeat: 1,
          timeoutSec: r.timeoutSec,
        },
      },
      title,
    );
  });
  ctx.addCommand('gearman.server.submitJobBlock', async (args): Promise<SubmitBlockResult> => {
    const p = parseBlockParams(args[0]);
    const { job, info, repeat, origin } = await prepareBlock(ctx, p);
    const base = p.jobId ?? randomUUID();
    const jobIds = Array.from({ length: repeat }, (_, i) => (i === 0 ? base : `${base}.${i}`));
    const request = { ...info, repeat };
    const progress = progressFor(ctx, p.workDoneToken);
    const submitOne = (jobId: string, sink = progress) =>
      runner.submit({ ...job, jobId }, sink, { adHoc: origin, request: info }).catch((e: unknown) => ({
        jobId,
        status: 'error' as const,
        message: e instanceof Error ? e.message : String(e),
      }));
    if (repeat === 1) return { jobIds, request, results: [await submitOne(base)] };
    progress?.begin(`Gearman: ${info.function} ×${repeat}`, 0, 'submitting…');
    const results: SubmitBlockResult['results'] = [];
    let next = 0;
    let shown = 0;
    const lane = async () => {
      while (next < jobIds.length) {
        results.push(await submitOne(jobIds[next++], undefined));
        // One report per percent at most, however many jobs.
        const pct = Math.round((results.length / repeat) * 100);
        if (pct > shown) progress?.report(pct, `${results.length} of ${repeat} done`);
        shown = pct;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, repeat) }, lane));
    } finally {
      progress?.done();
    }
    const order = new Map(jobIds.map((id, i) => [id, i]));
    results.sort((a, b) => order.get(a.jobId)! - order.get(b.jobId)!);
    return { jobIds, request, results };
  });
}
