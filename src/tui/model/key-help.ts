import type { ViewMode } from './view-state.js';

/** The keys, as the help overlay lists them. */
export const KEY_HELP: readonly (readonly [keys: string, meaning: string])[] = [
  ['↑ ↓  k j', 'move'],
  ['PgUp PgDn', 'move a page'],
  ['g G', 'top, bottom'],
  ['space ← →', 'fold, unfold a program'],
  ['enter', 'details (enter or esc closes)'],
  ['s  x  r', 'start, stop, restart'],
  ['R', 'rolling reload (prefork), reload_signal, else restart'],
  ['+ -', 'scale the program by one'],
  ['l  tab', 'log pane (follows the selection); tab: the log viewer'],
  ['', 'viewer: j k g G scroll, p pause, / n N search, t f times, full'],
  ['/', 'filter (enter keeps it, esc clears it)'],
  ['c m n u', 'sort by cpu, memory, name, uptime'],
  ['', 'the same key again reverses the order'],
  ['?', 'this help'],
  ['q', 'quit (asks how)'],
  ['Ctrl-C Ctrl-C', 'quit'],
];

/** Said under the keys: what the `all` row does differently. */
export const ALL_ROW_NOTE = 'On the "all" row, x, r and R ask y/n first.';

export type FooterItem = readonly [key: string, meaning: string];

const CORE_KEYS: readonly FooterItem[] = [
  ['s', 'start'],
  ['x', 'stop'],
  ['r', 'restart'],
  ['R', 'reload'],
  ['+-', 'scale'],
  ['l', 'log'],
  ['/', 'filter'],
];

/** Richest first; the first that fits the width is shown. The last fits 80 columns. */
const FOOTER_VARIANTS: readonly { items: readonly FooterItem[]; gap: string }[] = [
  { items: [['↑↓', 'move'], ['⏎', 'details'], ...CORE_KEYS, ['cmnu', 'sort'], ['?', 'help'], ['q', 'quit']], gap: '  ' },
  { items: [['↑↓', 'move'], ['⏎', 'details'], ...CORE_KEYS, ['?', 'help'], ['q', 'quit']], gap: '  ' },
  { items: [['⏎', 'info'], ...CORE_KEYS, ['?', 'help'], ['q', 'quit']], gap: ' ' },
];

/** The footer's keys for this width, and the gap between them. */
export function footerKeys(width: number): { items: readonly FooterItem[]; gap: string } {
  const fits = (variant: (typeof FOOTER_VARIANTS)[number]) =>
    variant.items.reduce((sum, [key, meaning]) => sum + key.length + 1 + meaning.length, 0) + variant.gap.length * (variant.items.length - 1) < width;
  return FOOTER_VARIANTS.find(fits) ?? FOOTER_VARIANTS.at(-1)!;
}

/** The q menu, by mode. */
export function quitChoices(mode: ViewMode, configFile: string): { title: string; choices: (readonly [key: string, meaning: string])[] } {
  if (mode === 'embedded') {
    return {
      title: 'Quit drover?',
      choices: [
        ['s', 'stop every program and exit'],
        ['d', `leave them running: the supervisor goes on headless; \`drover attach -c ${configFile}\` brings the view back`],
        ['esc', 'cancel'],
      ],
    };
  }
  return {
    title: 'Leave the view?',
    choices: [
      ['d', 'detach (the supervisor keeps running)'],
      ['s', 'stop every program and the supervisor (asks y/n)'],
      ['esc', 'cancel'],
    ],
  };
}
