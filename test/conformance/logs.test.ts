import { logCases } from './cases/logs.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('logs', logCases);
