export async function demoCommand(_args: string[]): Promise<number> {
  const { runDemo } = await import('../demo.js');
  return runDemo(process.stdout);
}
