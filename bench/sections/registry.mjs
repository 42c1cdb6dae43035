/**
 * Every scenario section of `npm run bench`, in the order a run takes them (`--only` picks by name).
 * A section records its figures in the run's results; run.mjs times it and keeps a failure from
 * stopping the others.
 */
import { restartUnderLoadSection, viewSection, watchSection } from './drover-only-sections.mjs';
import { crashSection, ctlSection, floodSection, idleSection, restartSection, startupSection } from './supervisor-sections.mjs';
import { asgiSection, gracefulSection, preforkSection } from './web-server-sections.mjs';

export const SECTIONS = [
  startupSection,
  idleSection,
  crashSection,
  floodSection,
  ctlSection,
  restartSection,
  gracefulSection,
  asgiSection,
  watchSection,
  viewSection,
  preforkSection,
  restartUnderLoadSection,
];
