import { droverOnlyCases } from './cases/drover-only.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('drover-only', droverOnlyCases);
