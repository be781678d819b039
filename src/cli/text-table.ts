/**
 * Aligned, borderless text tables for terminal output. cli-table3 measures display width (wide characters,
 * colour codes), which plain padding gets wrong for names such as `株式会社` or coloured outcomes.
 */
import Table from 'cli-table3';
import { plainStyle, type TerminalStyle } from './terminal-style.js';

const noBorders = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/**
 * Renders `rows` under the column titles `head` as left-aligned columns two spaces apart, with no trailing
 * spaces; the titles are bold when `style` has colours.
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  style: TerminalStyle = plainStyle,
): string {
  const table = new Table({
    head: head.map((title) => style.bold(title)),
    chars: noBorders,
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
  });
  table.push(...rows.map((row) => [...row]));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
