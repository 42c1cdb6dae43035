import { environmentCases } from './cases/environment.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('environment', environmentCases);
