import { restartingCases } from './cases/restarting.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('restarting', restartingCases);
