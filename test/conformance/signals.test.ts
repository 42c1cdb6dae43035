import { signalCases } from './cases/signals.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('signals', signalCases);
