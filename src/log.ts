import pino, { type Logger } from 'pino';

export type Log = Logger;

/** Phone numbers are masked and message bodies never logged at info (see maskPhone). */
export function createLog(level: string): Log {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.text', 'text', 'body'], censor: '[gizli]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
