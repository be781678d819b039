/**
 * A one-line progress indicator on stderr for calls that may take a while (applying a topology, a dry run,
 * fetching logs): a spinner, what is happening and the seconds elapsed. It shows only when stderr is a
 * terminal, so pipes, files and CI logs get the result alone.
 */
import type { OutputStream } from './cli-io.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs `work` while `stream` shows `label` with a spinner (only when `stream` is a TTY), and clears the line
 * afterwards, whether `work` succeeds or fails. A function label is read on every frame, so long runs can
 * show how far they got.
 */
export async function withProgress<T>(
  stream: OutputStream,
  label: string | (() => string),
  work: () => Promise<T>,
): Promise<T> {
  if (stream.isTTY !== true) return work();
  const started = Date.now();
  let frame = 0;
  const draw = (): void => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const text = typeof label === 'string' ? label : label();
    stream.write(`\r\u001b[2K${frames[frame % frames.length] ?? ''} ${text} ${seconds} s`);
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    stream.write('\r\u001b[2K');
  }
}
