import { stoppingCases } from './cases/stopping.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('stopping', stoppingCases);
