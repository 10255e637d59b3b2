// The differential against real Airflow for profile "2" (test/oracle/differential_suite.ts).
import { differentialSuite } from './differential_suite.js';

differentialSuite('2');
