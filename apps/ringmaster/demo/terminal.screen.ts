/** Where the demo writes: process.stdout, or a fake in tests. */
export interface Output {
  write(text: string): unknown;
  columns?: number;
}

const UP = (n: number) => `\x1b[${n}A`;
const CLEAR_DOWN = '\x1b[0J';
// eslint-disable-next-line no-control-regex
const ANSI_CODE = /\x1b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const ANSI_CODE_HERE = /\x1b\[[0-9;]*m/y;

/**
 * Log lines above a block of status lines. On a terminal (`live`) the block is redrawn in place under the log; on
 * anything else (CI, a pipe) log lines are printed as they come and a status line only when it changed.
 */
export class Screen {
  private drawn = 0;
  private lastStatus: string[] = [];

  constructor(
    private readonly out: Output,
    private readonly live: boolean,
  ) {}

  /** Prints lines that stay (events, messages). */
  log(...lines: string[]): void {
    if (!this.live) {
      for (const line of lines) this.out.write(`${line}\n`);
      return;
    }
    this.out.write(this.erase() + lines.map((l) => `${l}\n`).join('') + this.draw(this.lastStatus));
  }

  /** Replaces the status block. */
  status(lines: string[]): void {
    if (!this.live) {
      for (const [i, line] of lines.entries()) {
        if (this.lastStatus[i] !== line) this.out.write(`${line}\n`);
      }
      this.lastStatus = lines;
      return;
    }
    this.lastStatus = lines;
    this.out.write(this.erase() + this.draw(lines));
  }

  /** Leaves the last status block on the screen as it is; later lines go below it. */
  release(): void {
    this.drawn = 0;
    this.lastStatus = [];
  }

  private erase(): string {
    return this.drawn > 0 ? `\r${UP(this.drawn)}${CLEAR_DOWN}` : '';
  }

  private draw(lines: string[]): string {
    this.drawn = lines.length;
    return lines.map((l) => `${this.fit(l)}\n`).join('');
  }

  /** Cuts a status line to the terminal's width, so that it takes one row and the redraw stays in place. */
  private fit(line: string): string {
    const width = (this.out.columns ?? Infinity) - 1;
    if (line.replace(ANSI_CODE, '').length <= width) return line;
    let visible = 0;
    let out = '';
    for (let i = 0; i < line.length && visible < width;) {
      ANSI_CODE_HERE.lastIndex = i;
      const code = ANSI_CODE_HERE.exec(line);
      if (code) {
        out += code[0];
        i += code[0].length;
      } else {
        out += line[i++];
        visible++;
      }
    }
    return `${out}\x1b[0m`;
  }
}
