import { startingCases } from './cases/starting.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('starting', startingCases);
