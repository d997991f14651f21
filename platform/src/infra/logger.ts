import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * The one logger, one child per role and module. JSON lines for machines (a file, a log shipper,
 * `LOG_FORMAT=json`); in a terminal, readable lines: time (WIB as the machine shows it), level,
 * role, message, and the fields after.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  format: LogFormat = 'auto',
): Logger {
  const options = {
    level,
    base: { pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      remove: true,
    },
  };
  const readable = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  return readable ? pino(options, prettyStream()) : pino(options);
}

function prettyStream(): DestinationStream {
  return pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,role,test',
    messageFormat: '{if role}[{role}] {end}{msg}',
    singleLine: true,
  });
}

export type { Logger };
