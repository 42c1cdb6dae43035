import { updateCases } from './cases/update.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('update', updateCases);
