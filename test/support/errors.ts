/** Asserts an SDK call fails as AWS would fail it: error name, HTTP status and, when given, message. */
import assert from 'node:assert/strict';

export async function rejects(p: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata: { httpStatusCode: number } }) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}
