// gearman.server.submitJobBlock: reads one block of an open `.gearman` document (and its
// @file), refuses it while it has errors, and submits it `repeat` times.
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Feature, ServerContext } from '../context';
import { blockErrors, blockToSubmitRequest, parseJobFile } from '../jobfile/features';
import type { SubmitBlockParams, SubmitBlockResult, SubmitJobParams } from '../protocol';
import { documentDir } from './jobFile';
import { parseBlockParams } from './jobParams';
import { jobRunner, progressFor } from './submit';

/** Jobs of one block submitted at once, at most. */
const PARALLEL = 10;

/** Reads the block into the request it stands for; throws a readable error when it cannot be sent. */
export async function resolveBlock(ctx: ServerContext, p: SubmitBlockParams): Promise<SubmitBlockResult['request']> {
  const doc = ctx.documents.get(p.uri);
  if (!doc) throw new Error(`The job file ${p.uri} is not open in the editor; open it and try again`);
  const parsed = parseJobFile(doc.getText());
  const block = parsed.blocks[p.blockIndex];
  if (!block) throw new Error(`The job file has no block number ${p.blockIndex + 1} (it has ${parsed.blocks.length}); save or reload it and try again`);
  const errors = blockErrors(parsed, block);
  if (errors.length) {
    const first = errors[0];
    throw new Error(`Not submitted: the ${block.functionName || 'job'} block has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; fix ${errors.length === 1 ? 'it' : 'them'} first. Line ${first.range.start.line + 1}: ${first.message}`);
  }
  const req = await blockToSubmitRequest(block, documentDir(ctx, doc.uri), (abs) => readFile(abs));
  const o = req.options;
  return {
    serverId: o.server, function: req.functionName, payload: req.payload.toString('base64'), priority: o.priority,
    background: o.background, unique: o.unique, epoch: o.epoch, timeoutSec: o.timeoutSec, repeat: p.repeat ?? o.repeat,
  };
}

/** Registers gearman.server.submitJobBlock. */
export const jobFileSubmitFeature: Feature = (ctx) => {
  ctx.addCommand('gearman.server.submitJobBlock', async (args): Promise<SubmitBlockResult> => {
    const p = parseBlockParams(args[0]);
    const request = await resolveBlock(ctx, p);
    if (p.resolveOnly) return { jobIds: [], request };
    const base = p.jobId ?? randomUUID();
    const { repeat, ...job } = request;
    const jobIds = Array.from({ length: repeat }, (_, i) => (i === 0 ? base : `${base}.${i}`));
    const runner = jobRunner(ctx);
    const progress = progressFor(ctx, p.workDoneToken);
    if (repeat === 1) {
      const one = await runner.submit({ ...job, jobId: base }, progress);
      return { jobIds, request, results: [one] };
    }
    progress?.begin(`Gearman: ${request.function} ×${repeat}`, 0, 'submitting…');
    const results: NonNullable<SubmitBlockResult['results']> = [];
    let next = 0;
    const lane = async () => {
      while (next < jobIds.length) {
        const jobId = jobIds[next++];
        const params: SubmitJobParams = { ...job, jobId };
        results.push(await runner.submit(params).catch((e: unknown) => ({ jobId, status: 'error' as const, message: e instanceof Error ? e.message : String(e) })));
        progress?.report(Math.round((results.length / repeat) * 100), `${results.length} of ${repeat} done`);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, repeat) }, lane));
    } finally {
      progress?.done();
    }
    results.sort((a, b) => jobIds.indexOf(a.jobId) - jobIds.indexOf(b.jobId));
    return { jobIds, request, results };
  });
};
