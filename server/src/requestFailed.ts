// Every failed request or command reaches the editor as the same kind of error: its own words
// (not "Request ... failed with message: ..."), and a machine-readable code in `data.code`.
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';

/** `e` as a ResponseError: its message, and `data` = `{ code, ...e.data }` (code 'FAILED' when it has none). */
export function requestFailed(e: unknown): ResponseError<{ code: string }> {
  if (e instanceof ResponseError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const own = (e as { code?: unknown } | undefined)?.code;
  const extra = (e as { data?: unknown } | undefined)?.data;
  return new ResponseError(LSPErrorCodes.RequestFailed, message, {
    ...(extra && typeof extra === 'object' ? extra : {}),
    code: typeof own === 'string' ? own : 'FAILED',
  });
}
