// The one way the server reads a file that a repository names (a `@path` payload of a job
// file, a file of the workspace index): regular files only, never more than a cap.
// A symlink is followed and its target checked again; the opened descriptor is checked with
// fstat, so a file swapped for a FIFO or a device between the checks is still refused, and
// O_NONBLOCK keeps opening a FIFO from hanging. At most cap + 1 bytes are ever read.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';

const CHUNK = 1024 * 1024;

/** Why a file was not read, in words that name it. */
export class FileRefusedError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'NOT_REGULAR' | 'TOO_LARGE' | 'UNREADABLE',
  ) {
    super(message);
    this.name = 'FileRefusedError';
  }
}

function kindOf(s: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Human size: 16 MiB, 512 KiB, 12 bytes. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
}

/** What `checkRegularFile` found: the size of a regular file it may read. */
export interface RegularFile {
  size: number;
  /** True when the path is a symlink (to a regular file). */
  symlink: boolean;
}

/** Checks without reading that `path` is (or links to) a regular file of at most `cap` bytes. */
export async function checkRegularFile(path: string, cap: number, what = 'the file'): Promise<RegularFile> {
  let link;
  try {
    link = await lstat(path);
  } catch (e) {
    throw refusedFromErrno(e, path, what);
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = await stat(path);
    } catch (e) {
      throw refusedFromErrno(e, path, what);
    }
  }
  if (!target.isFile())
    throw new FileRefusedError(`${what} ${path} is ${kindOf(target)}; only regular files are read`, 'NOT_REGULAR');
  if (target.size > cap) throw tooLarge(path, what, target.size, cap);
  return { size: target.size, symlink: link.isSymbolicLink() };
}

/** Reads a regular file of at most `cap` bytes; refuses anything else with a FileRefusedError. */
export async function readBounded(path: string, cap: number, what = 'the file'): Promise<Buffer> {
  await checkRegularFile(path, cap, what);
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw refusedFromErrno(e, path, what);
  }
  try {
    const into = new Chunks(checkOpened(await fh.stat(), path, cap, what), cap, path, what);
    for (let b = into.next(); b; b = into.next()) {
      if (!into.took(b, (await fh.read(b, 0, b.length, into.got)).bytesRead)) break;
    }
    return into.result();
  } finally {
    await fh.close();
  }
}

/**
 * The synchronous `readBounded`, same checks, for many small files read in a row (the workspace
 * index): five thread-pool round trips per file cost more than reading it, on a busy machine most.
 */
export function readBoundedSync(path: string, cap: number, what = 'the file'): Buffer {
  checkRegularFileSync(path, cap, what);
  return readOpenedSync(path, constants.O_RDONLY | constants.O_NONBLOCK, cap, what);
}

/**
 * `readBoundedSync` for a path a directory listing has just given as a regular file (the
 * workspace walk): the lstat that would say so again is skipped, as it costs more than the read.
 * The checks that matter still hold before a byte is read: O_NOFOLLOW refuses a symlink put in
 * its place since, O_NONBLOCK keeps a FIFO from blocking the open, and the fstat of the opened
 * descriptor refuses anything that is not a regular file or is over the cap.
 */
export function readListedFileSync(path: string, cap: number, what = 'the file'): Buffer {
  return readOpenedSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW, cap, what);
}

function readOpenedSync(path: string, flags: number, cap: number, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP' && flags & constants.O_NOFOLLOW) {
      throw new FileRefusedError(`${what} ${path} is a symbolic link; only regular files are read`, 'NOT_REGULAR');
    }
    throw refusedFromErrno(e, path, what);
  }
  try {
    const into = new Chunks(checkOpened(fstatSync(fd), path, cap, what), cap, path, what);
    for (let b = into.next(); b; b = into.next()) {
      if (!into.took(b, readSync(fd, b, 0, b.length, into.got))) break;
    }
    return into.result();
  } finally {
    closeSync(fd);
  }
}

// The opened descriptor is what counts: a file swapped for a FIFO or a device after the checks is refused here.
function checkOpened(st: Stats, path: string, cap: number, what: string): number {
  if (!st.isFile())
    throw new FileRefusedError(`${what} ${path} is ${kindOf(st)}; only regular files are read`, 'NOT_REGULAR');
  if (st.size > cap) throw tooLarge(path, what, st.size, cap);
  return st.size;
}

/**
 * Reads until the end, never past cap + 1 bytes (the size can grow between fstat and the reads).
 * The first read asks for one byte more than fstat said: a short read is the end of a regular file,
 * so a file that did not grow takes one read into a buffer of its own size.
 */
class Chunks {
  got = 0;
  private readonly chunks: Buffer[] = [];
  private want: number;

  constructor(
    size: number,
    private readonly cap: number,
    private readonly path: string,
    private readonly what: string,
  ) {
    this.want = Math.min(size + 1, cap + 1);
  }

  next(): Buffer | undefined {
    return this.want > 0 ? Buffer.allocUnsafe(this.want) : undefined;
  }

  /** Keeps `n` bytes read into `b`; false at the end of the file. */
  took(b: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.chunks.push(b.subarray(0, n));
    this.got += n;
    if (this.got > this.cap) throw tooLarge(this.path, this.what, this.got, this.cap, false);
    if (n < b.length) return false;
    this.want = Math.min(CHUNK, this.cap + 1 - this.got);
    return true;
  }

  result(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.got);
  }
}

/** `size` from a stat is exact; from reading it only says the cap was passed. */
function tooLarge(path: string, what: string, size: number, cap: number, exact = true): FileRefusedError {
  return new FileRefusedError(
    `${what} ${path} is ${exact ? formatBytes(size) : `over ${formatBytes(cap)}`}; the limit is ${formatBytes(cap)}`,
    'TOO_LARGE',
  );
}

function refusedFromErrno(e: unknown, path: string, what: string): FileRefusedError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new FileRefusedError(`${what} ${path} does not exist`, 'NOT_FOUND');
  if (code === 'ELOOP') return new FileRefusedError(`${what} ${path} is a symlink loop`, 'NOT_REGULAR');
  return new FileRefusedError(`cannot read ${what} ${path}: ${(e as Error).message}`, 'UNREADABLE');
}

/** The synchronous check of `checkRegularFile`, for diagnostics computed while the user types. */
export function checkRegularFileSync(path: string, cap: number, what = 'the file'): RegularFile {
  let link;
  try {
    link = lstatSync(path);
  } catch (e) {
    throw refusedFromErrno(e, path, what);
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch (e) {
      throw refusedFromErrno(e, path, what);
    }
  }
  if (!target.isFile())
    throw new FileRefusedError(`${what} ${path} is ${kindOf(target)}; only regular files are read`, 'NOT_REGULAR');
  if (target.size > cap) throw tooLarge(path, what, target.size, cap);
  return { size: target.size, symlink: link.isSymbolicLink() };
}
