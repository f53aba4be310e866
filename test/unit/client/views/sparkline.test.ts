// The tooltip sparkline: scaled to the highest value, gaps kept, squeezed to a width.
import { describe, expect, it } from 'vitest';
import { queueTooltipLines, sparkline } from '../../../../client/src/views/sparkline';

describe('sparkline', () => {
  it('scales to the highest value, shows gaps as spaces and keeps the peak of each squeezed group', () => {
    expect(sparkline([0, 7, null, 14])).toBe('▁▅ █');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([1, 9, 1, 1, 1, 1], 3)).toBe('█▂▂');
    expect(sparkline([])).toBe('');
    expect(sparkline(Array(720).fill(1)).length).toBe(40);
  });

  it('says when the latency is an estimate', () => {
    const lines = queueTooltipLines(
      {
        t: [1, 2],
        queued: [0, 3],
        running: [0, 0],
        workers: [1, 1],
        bucketMs: 5000,
        latency: { function: 'f', ageSec: 12, since: 0, estimate: true, queued: 3 },
      },
      15,
    );
    expect(lines).toEqual([
      'Queue over the last 15 min (highest 3):',
      '▁█',
      'Oldest queued job: waiting 12 s or more (an estimate: counted from when this editor first saw it)',
    ]);
    expect(queueTooltipLines({ t: [1], queued: [null], running: [null], workers: [null], bucketMs: 5000 }, 15)).toEqual(
      ['Queue over the last 15 min: no data yet'],
    );
  });
});
