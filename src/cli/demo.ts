export async function runDemo(_out: NodeJS.WritableStream): Promise<number> { return 1; }
