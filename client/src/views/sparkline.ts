// A queue's recent history as a line of block characters, for tooltips (text, so it needs no
// image and nothing from the wire can become markup). Pure, so it is unit-tested.
import type { FunctionLatency, QueueSeries } from '../../../server/src/protocol';

const BLOCKS = '▁▂▃▄▅▆▇█';

/** At most `width` characters: each the highest value of its share of the series; gaps as spaces. */
export function sparkline(values: (number | null)[], width = 40): string {
  if (!values.length) return '';
  const per = Math.max(1, Math.ceil(values.length / width));
  const groups: (number | null)[] = [];
  for (let i = 0; i < values.length; i += per) {
    const part = values.slice(i, i + per).filter((v): v is number => v !== null);
    groups.push(part.length ? Math.max(...part) : null);
  }
  const max = Math.max(0, ...groups.map((g) => g ?? 0));
  return groups
    .map((g) => (g === null ? ' ' : max === 0 ? BLOCKS[0] : BLOCKS[Math.min(7, Math.round((g / max) * 7))]))
    .join('');
}

/** The tooltip lines for a function's queue history and its queue latency. */
export function queueTooltipLines(s: QueueSeries & { latency?: FunctionLatency }, rangeMin: number): string[] {
  const known = s.queued.filter((q): q is number => q !== null);
  if (!known.length) return [`Queue over the last ${rangeMin} min: no data yet`];
  const lines = [`Queue over the last ${rangeMin} min (highest ${Math.max(...known)}):`, sparkline(s.queued)];
  if (s.latency)
    lines.push(
      `Oldest queued job: waiting ${s.latency.ageSec} s${s.latency.estimate ? ' or more (an estimate: counted from when this editor first saw it)' : ''}`,
    );
  return lines;
}
