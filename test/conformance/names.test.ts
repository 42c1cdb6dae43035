import { nameCases } from './cases/names.js';
import { defineCaseTests } from './harness/define-tests.js';

defineCaseTests('names', nameCases);
