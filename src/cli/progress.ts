/**
 * A one-line progress display on an interactive stderr, redrawn at most a few times a second;
 * silent when stderr is piped or the user asked for quiet.
 */
export function progressLine(
  write: (text: string) => void,
  enabled: boolean,
): { update(text: string): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      write(`\r\x1b[2K${text}`);
    },
    done() {
      if (shown) write('\r\x1b[2K');
    },
  };
}
