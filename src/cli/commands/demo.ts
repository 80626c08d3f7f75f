import { parseArgs } from 'node:util';

export async function demoCommand(args: string[]): Promise<number> {
  parseArgs({ args }); // it takes no options: anything else is a usage error
  const { runDemo } = await import('../demo.js');
  return runDemo(process.stdout);
}
