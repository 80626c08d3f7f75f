// The machine's ceiling: a bare node:http server answering every request with a fixed
// body the size of a GetCallerIdentity response. Usage: node bare-server.mjs PORT
import { createServer } from 'node:http';

const body = Buffer.from(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/random_user</Arn>
    <UserId>AIDAEXAMPLEEXAMPLE123</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>
`);
const server = createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('bare listening\n'));
process.on('SIGTERM', () => process.exit(0));
