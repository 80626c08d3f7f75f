/** Null: "true" means the key is absent, "false" that it is present; no variables, no IfExists. */
import type { OperatorDef } from './operator.js';

export const nullOperators: OperatorDef[] = [
  {
    name: 'Null',
    negated: false,
    variables: false,
    presence: true,
    compile: (raw) => {
      const v = raw.toLowerCase();
      if (v !== 'true' && v !== 'false') return `${JSON.stringify(raw)} is not true or false`;
      const wantAbsent = v === 'true';
      // evaluate-condition.ts calls presence tests with "absent" or "present".
      return (state) => (state === 'absent') === wantAbsent;
    },
  },
];
