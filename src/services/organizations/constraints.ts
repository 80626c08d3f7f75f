/**
 * Organizations input constraints from the API Reference (the SDK schemas carry none), by member name.
 * Each helper adds the members its operations take.
 */
import type { ConstraintTable } from '../validate-input.js';

export const ORGANIZATIONS_CONSTRAINTS: ConstraintTable = {};
