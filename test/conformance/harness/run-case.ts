import type { CaseResult, ConformanceCase, Observation, Side } from './case-types.js';
import { DroverSide } from './drover-side.js';
import { judge } from './judge.js';
import { withoutDir } from './observe.js';
import { SupervisordSide } from './supervisord-side.js';

async function observeOn(side: Side, c: ConformanceCase): Promise<Observation> {
  side.writeConfig(c.config);
  c.prepare?.(side);
  await side.start();
  const observed = await c.observe(side);
  return Object.fromEntries(Object.entries(observed).map(([key, value]) => [key, withoutDir(value, side)]));
}

/**
 * Runs one case under supervisord and drover at once, each in its own temp
 * folder, and judges the two observations. Both are cleaned up, programs and
 * all, whatever happened. A failure on drover's side is an observation (the
 * case is then DIFFERENT); one on supervisord's side is the harness's and throws.
 */
export async function runCase(c: ConformanceCase): Promise<CaseResult> {
  const drover = new DroverSide();
  const supervisord = c.droverOnly ? null : new SupervisordSide();
  try {
    // allSettled: cleanup must not begin while the other side is still observing.
    const [referee, observed] = await Promise.allSettled([
      supervisord ? observeOn(supervisord, c) : null,
      observeOn(drover, c).catch((err: Error): Observation => ({ error: err.message.split('\n')[0]! })),
    ]);
    if (referee.status === 'rejected') throw referee.reason;
    if (observed.status === 'rejected') throw observed.reason;
    return judge(c, referee.value, observed.value);
  } finally {
    await Promise.all([supervisord?.cleanup(), drover.cleanup()]);
  }
}
