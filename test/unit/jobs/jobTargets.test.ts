// Which servers a job goes to, and the checks on job command arguments.
import { describe, expect, it } from 'vitest';
import { resolveTarget, serverConfigs } from '../../../server/src/features/jobTargets';
import { parseServeParams, parseSubmitParams, parseWatchParams } from '../../../server/src/features/jobParams';

const configs = serverConfigs({ servers: [{ name: 'prod', host: '10.0.0.5', port: 4730, tls: true }, { host: '10.0.0.6' }] });

describe('resolveTarget', () => {
  it('picks by id, by name, the first by default, and all in order', () => {
    expect(resolveTarget('prod', configs)).toEqual({ endpoints: [{ host: '10.0.0.5', port: 4730, tls: {} }], label: 'prod' });
    expect(resolveTarget('10.0.0.6:4730', configs)).toMatchObject({ endpoints: [{ host: '10.0.0.6', port: 4730 }] });
    expect(resolveTarget(undefined, configs)).toMatchObject({ label: 'prod' });
    expect(resolveTarget('all', configs)).toMatchObject({ endpoints: [{ host: '10.0.0.5' }, { host: '10.0.0.6' }] });
  });
  it('accepts an unconfigured host:port and refuses an unknown name, listing the choices', () => {
    expect(resolveTarget('[::1]:4731', configs)).toEqual({ endpoints: [{ host: '::1', port: 4731 }], label: '[::1]:4731' });
    expect(resolveTarget('staging', configs)).toMatch(/No configured Gearman server is called "staging"; use one of prod \(10\.0\.0\.5:4730\), 10\.0\.0\.6:4730/);
    expect(resolveTarget('all', [])).toMatch(/No Gearman server is configured/);
  });
});

describe('job command arguments', () => {
  it('fills defaults and rejects bad fields by name', () => {
    expect(parseSubmitParams({ jobId: 'j', function: 'f' })).toMatchObject({ priority: 'normal', background: false, payload: '' });
    expect(() => parseSubmitParams({ jobId: 'j', function: 'f', payload: '***' })).toThrow(/"payload" must be base64/);
    expect(() => parseSubmitParams({ jobId: 'j' })).toThrow(/"function" is missing/);
    expect(() => parseSubmitParams({ jobId: 'j', function: 'f', epoch: 1.5 })).toThrow(/"epoch"/);
    expect(() => parseSubmitParams(undefined)).toThrow(/needs one argument/);
    expect(() => parseWatchParams({ jobId: 'w', serverId: 's' })).toThrow(/handle.*unique/);
    expect(parseServeParams({ serverId: 's', function: 'f', mode: { command: 'wc -l' } }).mode).toEqual({ command: 'wc -l' });
    expect(() => parseServeParams({ serverId: 's', function: 'f', mode: { command: ' ' } })).toThrow(/"mode"/);
  });
});
