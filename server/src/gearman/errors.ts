// Every error the library raises is a GearmanError, so callers (and the fuzz tests)
// can tell the library's own failures from bugs.

/** Base class of all errors raised by the Gearman library. */
export class GearmanError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bytes on the wire that are not a valid Gearman packet (bad magic, type or size). */
export class ProtocolError extends GearmanError {}

/** The server answered with an ERROR packet or an `ERR` admin line. */
export class ServerError extends GearmanError {}

/** A connection could not be made, was refused, or was lost. */
export class ConnectionError extends GearmanError {}

/** An operation did not finish within its time limit. */
export class TimeoutError extends GearmanError {}

/** The caller stopped waiting (AbortSignal). */
export class AbortedError extends GearmanError {}

/** An admin command that this server kind or version does not implement. */
export class UnsupportedCommandError extends GearmanError {}
