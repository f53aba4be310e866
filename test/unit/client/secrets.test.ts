// Passphrases leave the extension only sealed with the session key the server got in its environment.
import { describe, expect, it } from 'vitest';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Passphrases } from '../../../client/src/secrets';
import { getPassphrase, setPassphrase, type PassphraseMessage } from '../../../server/src/protocol';
import { unseal } from '../../../server/src/registry/secrets';

const PASS = 'correct horse battery';

function fakes() {
  const stored = new Map<string, string>();
  const secrets = {
    get: async (k: string) => stored.get(k),
    store: async (k: string, v: string) => {
      stored.set(k, v);
    },
    delete: async (k: string) => {
      stored.delete(k);
    },
    keys: async () => [...stored.keys()],
    onDidChange: () => ({ dispose() {} }),
  };
  const sent: unknown[] = [];
  let handler: ((p: { serverId: string }) => Promise<PassphraseMessage | null>) | undefined;
  const client = {
    sendNotification: async (type: { method: string }, params: unknown) => {
      sent.push([type.method, params]);
    },
    onRequest: (type: { method: string }, h: typeof handler) => {
      if (type.method === getPassphrase.method) handler = h;
      return { dispose() {} };
    },
  } as unknown as LanguageClient;
  return { secrets, client, sent, ask: (serverId: string) => handler!({ serverId }) };
}

describe('Passphrases', () => {
  it('stores a passphrase and tells the server only the sealed form', async () => {
    const f = fakes();
    const p = new Passphrases(f.secrets as never);
    p.serve(f.client);
    await p.store(f.client, 'h:1', PASS);
    expect(JSON.stringify(f.sent)).not.toContain(PASS);
    const [[method, params]] = f.sent as [string, { serverId: string; sealed: string }][];
    expect(method).toBe(setPassphrase.method);
    expect(unseal(params.sealed, p.sealKey)).toBe(PASS);
    const answer = await f.ask('h:1');
    expect(JSON.stringify(answer)).not.toContain(PASS);
    expect(unseal(answer!.sealed!, p.sealKey)).toBe(PASS);
    expect(unseal(answer!.sealed!, new Passphrases(f.secrets as never).sealKey)).toBeUndefined();
    expect(await f.ask('other:1')).toBeNull();
  });
});
