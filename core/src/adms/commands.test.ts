import { describe, expect, it } from 'vitest';
import { commandsForReply, deviceCommandRequest, formatCommandReply } from './commands.ts';

const cmds = (...texts: string[]) => texts.map((command, i) => ({ id: i + 1, command }));

describe('commandsForReply', () => {
  it('sends pending commands oldest first', () => {
    expect(commandsForReply(cmds('INFO', 'CHECK')).map((c) => c.id)).toEqual([1, 2]);
  });

  it('puts a restart last and sends only one per reply', () => {
    expect(commandsForReply(cmds('REBOOT', 'INFO', 'REBOOT', 'CHECK')).map((c) => c.id)).toEqual([2, 4, 1]);
  });

  it('keeps to the count and size limits', () => {
    expect(commandsForReply(cmds(...Array(300).fill('INFO')))).toHaveLength(200);
    expect(
      commandsForReply(cmds('A'.repeat(30), 'B'.repeat(30), 'C'), { maxCommands: 10, maxBytes: 40 }).map(
        (c) => c.id,
      ),
    ).toEqual([1]);
  });
});

describe('formatCommandReply', () => {
  it('writes C:<id>:<command> lines, LF-ended, TABs kept', () => {
    expect(
      formatCommandReply([
        { id: 12, command: 'DATA UPDATE USERINFO PIN=1\tName=Ani' },
        { id: 13, command: 'CHECK' },
      ]),
    ).toBe('C:12:DATA UPDATE USERINFO PIN=1\tName=Ani\nC:13:CHECK\n');
  });
});

describe('deviceCommandRequest', () => {
  it('accepts one line and refuses line breaks, NUL and empty commands', () => {
    expect(
      deviceCommandRequest.safeParse({
        command: 'DATA QUERY ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-02 00:00:00',
      }).success,
    ).toBe(true);
    for (const command of ['', 'INFO\nREBOOT', 'INFO\r', 'IN\0FO', 'x'.repeat(2001)]) {
      expect(deviceCommandRequest.safeParse({ command }).success).toBe(false);
    }
  });
});
