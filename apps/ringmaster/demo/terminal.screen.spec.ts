import { describe, expect, it } from '@jest/globals';
import { Screen } from './terminal.screen.js';

const recorder = (columns?: number) => {
  const writes: string[] = [];
  return { out: { write: (t: string) => writes.push(t), columns }, writes, text: () => writes.join('') };
};

describe('Screen', () => {
  it('plain: prints log lines as they come and a status line only when it changed', () => {
    const r = recorder();
    const screen = new Screen(r.out, false);
    screen.status(['train RUNNING', 'ring a 0/2']);
    screen.status(['train RUNNING', 'ring a 1/2']);
    screen.log('event one');
    screen.status(['train RUNNING', 'ring a 1/2']);
    expect(r.text()).toBe('train RUNNING\nring a 0/2\nring a 1/2\nevent one\n');
    expect(r.text()).not.toContain('\x1b');
  });

  it('live: redraws the block in place under the log', () => {
    const r = recorder(80);
    const screen = new Screen(r.out, true);
    screen.status(['s1', 's2']);
    screen.log('event');
    screen.status(['s1', 's3']);
    expect(r.writes).toEqual(['s1\ns2\n', '\r\x1b[2A\x1b[0Jevent\ns1\ns2\n', '\r\x1b[2A\x1b[0Js1\ns3\n']);
  });

  it('live: after release, the block stays and new lines go below it', () => {
    const r = recorder(80);
    const screen = new Screen(r.out, true);
    screen.status(['s1']);
    screen.release();
    screen.log('after');
    expect(r.writes).toEqual(['s1\n', 'after\n']);
  });

  it('live: cuts status lines to the terminal width, keeping colour codes whole; log lines may wrap', () => {
    const r = recorder(6);
    const screen = new Screen(r.out, true);
    screen.status(['\x1b[31mabcdefgh\x1b[0m']);
    screen.log('a long log line');
    expect(r.writes).toEqual(['\x1b[31mabcde\x1b[0m\n', '\r\x1b[1A\x1b[0Ja long log line\n\x1b[31mabcde\x1b[0m\n']);
  });
});
