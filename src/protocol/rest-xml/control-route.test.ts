import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isControlRequest, routeS3Control } from './control-route.js';

const req = (method: string, path: string, query: Record<string, string> = {}) =>
  ({ method, path, query: new Map(Object.entries(query)), headers: { 'x-amz-account-id': '123456789012' }, host: '123456789012.127.0.0.1:4566' });

test('S3 Control URIs route to their operations, labels by member name', () => {
  assert.equal(routeS3Control(req('PUT', '/v20180820/configuration/publicAccessBlock'))?.op.name, 'PutPublicAccessBlock');
  assert.equal(routeS3Control(req('GET', '/v20180820/configuration/publicAccessBlock'))?.op.name, 'GetPublicAccessBlock');
  assert.equal(routeS3Control(req('DELETE', '/v20180820/configuration/publicAccessBlock'))?.op.name, 'DeletePublicAccessBlock');
  assert.equal(routeS3Control(req('GET', '/v20180820/accesspoint'))?.op.name, 'ListAccessPoints');
  const ap = routeS3Control(req('GET', '/v20180820/accesspoint/my%20ap'));
  assert.deepEqual([ap?.op.name, ap?.labels], ['GetAccessPoint', { Name: 'my ap' }]);
  assert.equal(routeS3Control(req('POST', '/v20180820/nothing')), undefined);
});

test('only /v20180820/ paths with x-amz-account-id are S3 Control (a bucket may be named v20180820)', () => {
  assert.equal(isControlRequest('/v20180820/configuration/publicAccessBlock', { 'x-amz-account-id': '1' }), true);
  assert.equal(isControlRequest('/v20180820/configuration/publicAccessBlock', {}), false);
  assert.equal(isControlRequest('/bucket/v20180820/', { 'x-amz-account-id': '1' }), false);
});
