// The one way a file a repository names is read: regular files only, never past the cap. The
// synchronous variant (the workspace index) keeps every rule of the asynchronous one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FileRefusedError,
  readBounded,
  readBoundedSync,
  readListedFileSync,
} from '../../../../server/src/files/readBounded';

const dir = mkdtempSync(join(tmpdir(), 'gm-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
symlinkSync('/dev/zero', join(dir, 'zero.php'));
execFileSync('mkfifo', [join(dir, 'fifo')]);
symlinkSync(join(dir, 'fifo'), join(dir, 'fifo-link'));

const VARIANTS = [
  ['readBounded', readBounded],
  ['readBoundedSync', async (path: string, cap: number) => readBoundedSync(path, cap)],
] as const;

for (const [name, read] of VARIANTS) {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'read',
      (e: unknown) => (e instanceof FileRefusedError ? e.code : `other: ${String(e)}`),
    );

  describe(name, () => {
    it('reads a regular file, and one a symlink points to', async () => {
      writeFileSync(join(dir, `a-${name}.txt`), 'hello');
      symlinkSync(join(dir, `a-${name}.txt`), join(dir, `link-${name}.txt`));
      expect((await read(join(dir, `a-${name}.txt`), 5)).toString()).toBe('hello');
      expect((await read(join(dir, `link-${name}.txt`), 5)).toString()).toBe('hello');
      writeFileSync(join(dir, `empty-${name}.txt`), '');
      expect((await read(join(dir, `empty-${name}.txt`), 5)).length).toBe(0);
    });

    it('reads a file larger than one read chunk whole', async () => {
      const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
      writeFileSync(join(dir, `chunks-${name}.bin`), big);
      expect((await read(join(dir, `chunks-${name}.bin`), 4 * 1024 * 1024)).equals(big)).toBe(true);
    });

    it('refuses a file over the cap without reading it all', async () => {
      writeFileSync(join(dir, `big-${name}.bin`), Buffer.alloc(6));
      await expect(read(join(dir, `big-${name}.bin`), 5)).rejects.toThrow(/is 6 bytes; the limit is 5 bytes/);
    });

    it('refuses devices, FIFOs, folders and symlinks to them, and says what they are', async () => {
      expect(await code(read(join(dir, 'zero.php'), 1024))).toBe('NOT_REGULAR');
      expect(await code(read('/dev/zero', 1024))).toBe('NOT_REGULAR');
      // A FIFO nobody writes to would block an open without O_NONBLOCK and a read forever.
      await expect(read(join(dir, 'fifo'), 1024)).rejects.toThrow(
        /is a named pipe \(FIFO\); only regular files are read/,
      );
      expect(await code(read(join(dir, 'fifo-link'), 1024))).toBe('NOT_REGULAR');
      expect(await code(read(dir, 1024))).toBe('NOT_REGULAR');
      expect(await code(read(join(dir, 'missing'), 1024))).toBe('NOT_FOUND');
    });
  });
}

// The walk's reader skips the lstat: a path it is given is a regular file as listed, and whatever
// was put in its place since is still refused before a byte is read.
describe('readListedFileSync', () => {
  const code = (f: () => unknown) => {
    try {
      f();
      return 'read';
    } catch (e) {
      return e instanceof FileRefusedError ? e.code : `other: ${String(e)}`;
    }
  };

  it('reads a regular file, and refuses one over the cap', () => {
    writeFileSync(join(dir, 'listed.txt'), 'hello');
    expect(readListedFileSync(join(dir, 'listed.txt'), 5).toString()).toBe('hello');
    expect(() => readListedFileSync(join(dir, 'listed.txt'), 4)).toThrow(/is 5 bytes; the limit is 4 bytes/);
  });

  it('refuses a symlink (to a device, a FIFO or even a regular file) without following it', () => {
    writeFileSync(join(dir, 'target.txt'), 'hello');
    symlinkSync(join(dir, 'target.txt'), join(dir, 'swapped.txt'));
    expect(() => readListedFileSync(join(dir, 'swapped.txt'), 1024)).toThrow(
      /swapped\.txt is a symbolic link; only regular files are read/,
    );
    expect(code(() => readListedFileSync(join(dir, 'zero.php'), 1024))).toBe('NOT_REGULAR');
    expect(code(() => readListedFileSync(join(dir, 'fifo-link'), 1024))).toBe('NOT_REGULAR');
  });

  it('refuses a FIFO without blocking, and devices, folders and missing files', () => {
    expect(() => readListedFileSync(join(dir, 'fifo'), 1024)).toThrow(
      /is a named pipe \(FIFO\); only regular files are read/,
    );
    expect(code(() => readListedFileSync('/dev/zero', 1024))).toBe('NOT_REGULAR');
    expect(code(() => readListedFileSync(dir, 1024))).toBe('NOT_REGULAR');
    expect(code(() => readListedFileSync(join(dir, 'missing'), 1024))).toBe('NOT_FOUND');
  });
});
