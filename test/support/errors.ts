/** Asserts an SDK call fails as AWS would fail it: error name, HTTP status and, when given, message. */
import assert from 'node:assert/strict';

interface SdkError extends Error { $metadata: { httpStatusCode?: number } }

export async function rejects(p: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    const err = e as SdkError;
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}
