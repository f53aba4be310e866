// The checks on job command arguments (they come from any LSP client).
import { describe, expect, it } from 'vitest';
import {
  parseBlockParams,
  parseServeParams,
  parseSubmitParams,
  parseWatchParams,
} from '../../../../../server/src/features/jobs/params';

describe('job command arguments', () => {
  it('fills defaults and rejects bad fields by name', () => {
    expect(parseSubmitParams({ jobId: 'j', function: 'f' })).toMatchObject({
      priority: 'normal',
      background: false,
      payload: '',
    });
    expect(() => parseSubmitParams({ jobId: 'j', function: 'f', payload: '***' })).toThrow(/"payload" must be base64/);
    expect(() => parseSubmitParams({ jobId: 'j' })).toThrow(/"function" is missing/);
    expect(() => parseSubmitParams({ jobId: 'j', function: 'f', epoch: 1.5 })).toThrow(/"epoch"/);
    expect(() => parseSubmitParams(undefined)).toThrow(/needs one argument/);
    expect(() => parseWatchParams({ jobId: 'w', serverId: 's' })).toThrow(/handle.*unique/);
    expect(parseServeParams({ serverId: 's', function: 'f', mode: { command: 'wc -l' } }).mode).toEqual({
      command: 'wc -l',
    });
    expect(() => parseServeParams({ serverId: 's', function: 'f', mode: { command: ' ' } })).toThrow(/"mode"/);
    expect(parseBlockParams({ uri: 'file:///a.gearman', line: 3 })).toMatchObject({
      uri: 'file:///a.gearman',
      line: 3,
    });
    expect(() => parseBlockParams({ uri: 'file:///a.gearman', blockIndex: 0 })).toThrow(/"line" is missing/);
  });
});
