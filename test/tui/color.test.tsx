import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { renderView, type RenderedView } from './render-view.js';

// Ink's colours come from chalk, which looks at the environment once, when loaded: a test
// stream is no terminal, so force colour on to see what the view asks for.
const previous = vi.hoisted(() => {
  const before = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return before;
});

// Workers are reused between files: leave the environment as it was found.
afterAll(() => {
  if (previous === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previous;
});

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

const api = () =>
  new FakeApi([
    makeStatus('web:web_00'),
    makeStatus('queue:queue', { state: 'FATAL' }),
    makeStatus('boot:boot', { state: 'BACKOFF' }),
    makeStatus('cron:cron', { state: 'STOPPED' }),
  ]);

const GREEN = '\u001B[32m';
const RED = '\u001B[31m';
const YELLOW = '\u001B[33m';
const DIM = '\u001B[2m';
const INVERSE = '\u001B[7m';

it('colours states: RUNNING green, BACKOFF yellow, FATAL red, STOPPED dim; the selection is inverse', async () => {
  view = await renderView(api(), { color: true });
  await view.waitForText('queue');
  const raw = view.rawFrame();
  expect(raw).toContain(`${GREEN}RUNNING`);
  expect(raw).toContain(`${RED}FATAL`);
  expect(raw).toContain(`${YELLOW}BACKOFF`);
  expect(raw).toContain(`${DIM}STOPPED`);
  expect(raw).toContain(INVERSE);
});

it('color: false uses no colour anywhere, and keeps the selection visible by inverse', async () => {
  view = await renderView(api(), { color: false });
  await view.waitForText('queue');
  await view.press('j', 'x');
  await view.waitForText('stop boot:*: ok');
  const raw = view.rawFrame();
  const codes = new Set(raw.match(/\u001B\[[0-9;]*m/g));
  // Bold and inverse are not colours; nothing else may appear.
  for (const code of codes) expect(['\u001B[1m', '\u001B[22m', '\u001B[7m', '\u001B[27m', '\u001B[39m', '\u001B[0m']).toContain(code);
  expect(raw).toContain(INVERSE);
});
