import { differenceCases } from './cases/differences.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('differences', differenceCases);
