// The job-file language service: pure functions from text (or a parsed file) and plain
// data to LSP objects. The server's wiring calls these; nothing here talks to a connection.
export { completions, type CompletionContext } from './completions';
export { diagnostics, type DiagnosticsContext } from './diagnostics';
export {
  codeLenses,
  documentSymbols,
  foldingRanges,
  SUBMIT_BLOCK_COMMAND,
  LENS_REPEAT,
  type SubmitBlockArgs,
} from './outline';
export {
  blockToSubmitRequest,
  serializeBlock,
  resolvePayloadPath,
  blockErrors,
  PayloadRefusal,
  type SubmitRequest,
} from './submit';
export { parseJobFile, lineRoles } from './parse';
export type * from './types';
