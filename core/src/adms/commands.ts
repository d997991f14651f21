import { z } from 'zod';

/**
 * Commands queued for an ADMS terminal and handed out on its next poll (`GET /iclock/getrequest`) as
 * `C:<id>:<command>` lines, e.g. `C:14:CHECK`, `C:16:REBOOT`,
 * `C:12:DATA UPDATE USERINFO PIN=1\tName=Ani\tPri=0`. The terminal posts each result back by id.
 */

/** One line of the reply: CR, LF or NUL inside it would split it or cut it on the terminal. */
export const deviceCommandText = z
  .string()
  .min(1)
  .max(2000)
  .regex(/^[^\r\n\0]+$/, 'a command is one line: no CR, LF or NUL');

export const deviceCommandRequest = z.object({ command: deviceCommandText });
export type DeviceCommandRequest = z.infer<typeof deviceCommandRequest>;

export const deviceCommandStatus = z.enum(['pending', 'sent', 'done', 'failed']);
export type DeviceCommandStatus = z.infer<typeof deviceCommandStatus>;

export const deviceCommand = z.object({
  id: z.number().int(),
  deviceId: z.number().int(),
  command: z.string(),
  status: deviceCommandStatus,
  returnCode: z.number().int().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  /** Times it was handed out: a command whose result never comes is offered again, a few times. */
  attempts: z.number().int(),
});
export type DeviceCommand = z.infer<typeof deviceCommand>;

export interface QueuedCommand {
  id: number;
  command: string;
}

/** ZKTeco's reference server caps one poll reply at 200 commands and 40 KB. */
export interface CommandReplyLimits {
  maxCommands: number;
  maxBytes: number;
}
export const COMMAND_REPLY_LIMITS: Readonly<CommandReplyLimits> = { maxCommands: 200, maxBytes: 40_000 };

const line = (c: QueuedCommand) => `C:${c.id}:${c.command}\n`;
/** The terminal restarts on these: a command after one in the same reply would never run. */
const restarts = (c: QueuedCommand) => /^REBOOT\b/i.test(c.command.trim());

/**
 * Which of the pending commands (oldest first) go out in one reply, in the order they are sent:
 * within the limits, with at most one restarting command, placed last.
 */
export function commandsForReply(
  pending: QueuedCommand[],
  limits: Readonly<CommandReplyLimits> = COMMAND_REPLY_LIMITS,
): QueuedCommand[] {
  const chosen: QueuedCommand[] = [];
  let restart: QueuedCommand | null = null;
  let bytes = 0;
  for (const c of pending) {
    if (chosen.length + (restart ? 1 : 0) >= limits.maxCommands) break;
    const size = Buffer.byteLength(line(c));
    if (bytes + size > limits.maxBytes) break;
    if (restarts(c)) {
      if (restart) continue;
      restart = c;
    } else {
      chosen.push(c);
    }
    bytes += size;
  }
  return restart ? [...chosen, restart] : chosen;
}

/** The body of a poll reply carrying commands. */
export function formatCommandReply(commands: QueuedCommand[]): string {
  return commands.map(line).join('');
}
