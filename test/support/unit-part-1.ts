/** One of the processes the unit tests share (which files, and why: suite-files.mjs); each test reports its own file and line. */
import { importUnitPart } from './suite-files.mjs';

await importUnitPart(import.meta.url);
