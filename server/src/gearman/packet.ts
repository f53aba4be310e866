// Packet types of the Gearman binary protocol and how many NUL-separated
// arguments each one carries (the last argument runs to the end of the payload).

/** Numeric packet types, named as in the protocol document. */
export const PacketType = {
  CAN_DO: 1,
  CANT_DO: 2,
  RESET_ABILITIES: 3,
  PRE_SLEEP: 4,
  NOOP: 6,
  SUBMIT_JOB: 7,
  JOB_CREATED: 8,
  GRAB_JOB: 9,
  NO_JOB: 10,
  JOB_ASSIGN: 11,
  WORK_STATUS: 12,
  WORK_COMPLETE: 13,
  WORK_FAIL: 14,
  GET_STATUS: 15,
  ECHO_REQ: 16,
  ECHO_RES: 17,
  SUBMIT_JOB_BG: 18,
  ERROR: 19,
  STATUS_RES: 20,
  SUBMIT_JOB_HIGH: 21,
  SET_CLIENT_ID: 22,
  CAN_DO_TIMEOUT: 23,
  ALL_YOURS: 24,
  WORK_EXCEPTION: 25,
  OPTION_REQ: 26,
  OPTION_RES: 27,
  WORK_DATA: 28,
  WORK_WARNING: 29,
  GRAB_JOB_UNIQ: 30,
  JOB_ASSIGN_UNIQ: 31,
  SUBMIT_JOB_HIGH_BG: 32,
  SUBMIT_JOB_LOW: 33,
  SUBMIT_JOB_LOW_BG: 34,
  SUBMIT_JOB_SCHED: 35,
  SUBMIT_JOB_EPOCH: 36,
  SUBMIT_REDUCE_JOB: 37,
  SUBMIT_REDUCE_JOB_BACKGROUND: 38,
  GRAB_JOB_ALL: 39,
  JOB_ASSIGN_ALL: 40,
  GET_STATUS_UNIQUE: 41,
  STATUS_RES_UNIQUE: 42,
} as const;

export type PacketTypeName = keyof typeof PacketType;
export type PacketTypeNumber = (typeof PacketType)[PacketTypeName];

/** `\0REQ` goes to the server, `\0RES` comes from it. */
export type Magic = 'REQ' | 'RES';

/** One decoded binary packet. */
export interface Packet {
  magic: Magic;
  type: number;
  args: Buffer[];
}

/** Number of arguments per packet type (SUBMIT_JOB_SCHED's 7 = func, unique, minute, hour, day, month, weekday + data). */
export const ARG_COUNT: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 0,
  4: 0,
  6: 0,
  7: 3,
  8: 1,
  9: 0,
  10: 0,
  11: 3,
  12: 3,
  13: 2,
  14: 1,
  15: 1,
  16: 1,
  17: 1,
  18: 3,
  19: 2,
  20: 5,
  21: 3,
  22: 1,
  23: 2,
  24: 0,
  25: 2,
  26: 1,
  27: 1,
  28: 2,
  29: 2,
  30: 0,
  31: 4,
  32: 3,
  33: 3,
  34: 3,
  35: 8,
  36: 4,
  37: 5,
  38: 5,
  39: 0,
  40: 5,
  41: 1,
  42: 6,
};

const NAMES: Record<number, PacketTypeName> = Object.fromEntries(
  Object.entries(PacketType).map(([k, v]) => [v, k as PacketTypeName]),
);

/** The protocol name of a packet type, or `TYPE_<n>` for an unknown number. */
export function packetName(type: number): string {
  return NAMES[type] ?? `TYPE_${type}`;
}

/** True when `type` is a packet type of the protocol. */
export function isKnownType(type: number): boolean {
  return ARG_COUNT[type] !== undefined;
}
