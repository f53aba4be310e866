// The one way a file a repository names is read: regular files only, never past the cap.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRefusedError, readBounded } from '../../../server/src/files/readBounded';

const dir = mkdtempSync(join(tmpdir(), 'gm-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const code = (p: Promise<unknown>) => p.then(() => 'read', (e: unknown) => (e instanceof FileRefusedError ? e.code : `other: ${String(e)}`));

describe('readBounded', () => {
  it('reads a regular file, and one a symlink points to', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    symlinkSync(join(dir, 'a.txt'), join(dir, 'link.txt'));
    expect((await readBounded(join(dir, 'a.txt'), 5)).toString()).toBe('hello');
    expect((await readBounded(join(dir, 'link.txt'), 5)).toString()).toBe('hello');
  });

  it('refuses a file over the cap without reading it all', async () => {
    writeFileSync(join(dir, 'big.bin'), Buffer.alloc(6));
    await expect(readBounded(join(dir, 'big.bin'), 5)).rejects.toThrow(/is 6 bytes; the limit is 5 bytes/);
  });

  it('refuses devices, FIFOs, folders and symlinks to them, and says what they are', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.php'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync(join(dir, 'fifo'), join(dir, 'fifo-link'));
    expect(await code(readBounded(join(dir, 'zero.php'), 1024))).toBe('NOT_REGULAR');
    expect(await code(readBounded('/dev/zero', 1024))).toBe('NOT_REGULAR');
    // A FIFO nobody writes to would block an open without O_NONBLOCK and a read forever.
    await expect(readBounded(join(dir, 'fifo'), 1024)).rejects.toThrow(/is a named pipe \(FIFO\); only regular files are read/);
    expect(await code(readBounded(join(dir, 'fifo-link'), 1024))).toBe('NOT_REGULAR');
    expect(await code(readBounded(dir, 1024))).toBe('NOT_REGULAR');
    expect(await code(readBounded(join(dir, 'missing'), 1024))).toBe('NOT_FOUND');
  });
});
