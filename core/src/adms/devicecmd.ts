import { splitPushLines } from './lines.ts';

/**
 * Command results a terminal posts to `/iclock/devicecmd` (some firmware: to `/iclock/cdata` without
 * `table`): one `ID=<id>&Return=<code>&CMD=<cmd>` line per command, LF-separated, often without a
 * final newline. IDs may be alphanumeric. An INFO result carries `Key=Value` lines after its first
 * line. Return 0 means success, a negative code an error.
 */

export interface CommandReply {
  /** Index in the body of the reply's first line. */
  line: number;
  id: string;
  /** The Return code; null when absent or not a 32-bit integer. */
  returnCode: number | null;
  cmd: string | null;
  /** Every `key=value` pair of the first line, including ID, Return and CMD. */
  fields: Record<string, string>;
  /** Lines after the first (INFO results), as text. */
  info: string[];
}

const RETURN_CODE = /^-?\d{1,9}$/;

function pairs(line: string): Record<string, string> {
  // No prototype: a terminal-sent key such as `__proto__` must stay an ordinary key.
  const out: Record<string, string> = Object.create(null);
  for (const part of line.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** The command replies of a body; lines before the first `ID=` line are ignored. */
export function parseCommandReplies(body: Buffer): CommandReply[] {
  const out: CommandReply[] = [];
  for (const line of splitPushLines(body)) {
    const text = line.bytes.toString('utf8');
    if (text.startsWith('ID=')) {
      const fields = pairs(text);
      const ret = fields.Return;
      out.push({
        line: line.index,
        id: fields.ID ?? '',
        returnCode: ret !== undefined && RETURN_CODE.test(ret) ? Number(ret) : null,
        cmd: fields.CMD ?? null,
        fields,
        info: [],
      });
    } else {
      out[out.length - 1]?.info.push(text);
    }
  }
  return out;
}
