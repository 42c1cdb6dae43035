import { ctlCases } from './cases/ctl.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('ctl', ctlCases);
