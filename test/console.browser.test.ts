/**
 * The web console in a real browser (playwright-core driving Debian's
 * chromium): the scenario end to end — random_user signs in to utils (by
 * keyboard), is told calmly that listing buckets is denied and that Switch
 * role is next, switches role to s3-list-role in prod, sees prod's bucket, is
 * denied creating one with AWS's message, explains it in the decision log and
 * filters the log to denials, sees its own trust graph (what reading IAM
 * needs, itself and its switch), switches back, signs out — then an
 * administrator's trust graph of ten principals and five roles across both
 * accounts, and root, who is not offered Switch role. The screenshots it takes
 * are docs/console.md's: with GATEHOUSE_SCREENSHOTS=1 they replace docs/screenshots/,
 * otherwise they go to a temporary folder (so a test run leaves the tree clean).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TestGatehouse } from './support/gatehouse.js';
import { setUpScenario, type ScenarioSetup } from './support/scenario.js';
import { countCrossings } from '../console/src/graphLayout.ts';
import { CONSOLE_PASSWORD as PASSWORD, ESTATE_ROLES, ESTATE_USERS, setUpConsoleUsers, setUpTrustEstate } from './support/console.js';
import { assertText, noBrowser, openConsoleBrowser, until, type ConsoleBrowser } from './support/browser.js';

describe('web console in a browser', { skip: noBrowser }, () => {
  let gh: TestGatehouse;
  let sc: ScenarioSetup;
  let browser: ConsoleBrowser;
  let page: Page;

  before(async () => {
    gh = await TestGatehouse.start();
    sc = await setUpScenario(gh);
    await setUpConsoleUsers(gh, sc);
    browser = await openConsoleBrowser();
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await gh?.dispose();
  });

  const shot = (name: string) => page.screenshot({ path: browser.shotPath(name) });
  /** The decision column of the decision log's rows. */
  const decisionsShown = () => page.locator('table.decisions tbody tr:not(.trace-row) td:nth-child(5) > span').allInnerTexts();
  const header = () => page.getByTestId('current-identity');

  test('sign in as random_user, switch role into prod, see prod\'s bucket, be denied creating one, switch back, sign out', async () => {
    await page.goto(`${gh.server.url}/console`);
    assert.equal(new URL(page.url()).pathname, '/console/');
    const heading = page.getByRole('heading', { name: 'Sign in' });
    await heading.waitFor();
    // The heading takes focus (screen readers start there) but is no control: no focus box that looks like a field.
    assert.deepEqual(await heading.evaluate((h) => [document.activeElement === h, getComputedStyle(h).outlineStyle]), [true, 'none']);

    // By keyboard: account, user name, password in tab order, Enter submits.
    await page.getByLabel('Account ID (12 digits) or account alias').focus();
    await page.keyboard.type('utils');
    await page.keyboard.press('Tab');
    await page.keyboard.type('random_user');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Your authentication information is incorrect' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await shot('1-sign-in.png');
    await page.keyboard.press('Enter');

    await assertText(header(), 'random_user @ utils');
    // random_user itself may not list buckets: the home page says so calmly, with AWS's code and message, and points to Switch role.
    const denied = page.getByRole('region', { name: 'random_user may not list S3 buckets here' });
    await assertText(denied, 's3:ListAllMyBuckets');
    assert.equal(await page.getByRole('alert').count(), 0, 'no red error box on the home page');
    await shot('0-home-denied.png');
    await denied.getByRole('link', { name: 'switch role' }).click();
    await page.getByLabel('Account ID or alias').fill(sc.prodId);
    await page.getByLabel('IAM role name').fill('s3-list-role');
    await page.getByLabel('Display name').fill('Prod (list)');
    await page.getByLabel('Display color').selectOption({ label: 'Blue' });
    await shot('2-switch-role.png');
    await page.getByRole('button', { name: 'Switch Role' }).click();

    await assertText(header(), `Prod (list) / s3-list-role @ ${sc.prodId}`);
    await page.getByRole('link', { name: 'S3' }).click();
    await page.getByRole('heading', { name: 'Buckets', level: 1 }).waitFor();
    await page.getByRole('link', { name: `prod-data-${sc.prodId}` }).waitFor();
    await shot('3-prod-buckets.png');

    await page.getByLabel('Bucket name').fill(`made-in-console-${sc.prodId}`);
    await page.getByRole('button', { name: 'Create bucket' }).click();
    const denial = page.getByRole('alert').filter({ hasText: 'AccessDenied' });
    await denial.waitFor();
    assert.match(await denial.innerText(), new RegExp(`User: arn:aws:sts::${sc.prodId}:assumed-role/s3-list-role/random_user is not authorized to perform: s3:CreateBucket`));
    await shot('4-create-bucket-denied.png');

    await page.getByRole('link', { name: 'Decision log' }).click();
    const row = page.getByRole('row').filter({ hasText: 's3:CreateBucket' }).first();
    await row.waitFor();
    const widths = () => page.locator('table.decisions thead th').evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
    const before = await widths();
    await row.getByRole('button', { name: 'Explain' }).click();
    await assertText(page.locator('tr.trace-row').first(), 's3-list-role/random_user is not authorized to perform: s3:CreateBucket');
    assert.deepEqual(await widths(), before, 'opening a trace moves no column');
    // ARNs wrap (the principal column is narrower than a session ARN) but only after ':' or '/'.
    const arnLines = await page.locator('table.decisions .arn').evaluateAll((arns) => arns.map((a) => a.getClientRects().length));
    assert.ok(arnLines.some((n) => n > 1), 'some ARN wraps');
    const brokenParts = await page.locator('table.decisions .arn-part').evaluateAll((parts) => parts.filter((p) => p.getClientRects().length > 1).map((p) => p.textContent));
    assert.deepEqual(brokenParts, []);
    await shot('5-decision-log.png');

    // Denials only: the filter is applied by the log's query (and kept in the page's URL).
    assert.ok((await decisionsShown()).includes('Allow'), 'the log has allowed decisions to hide');
    await page.getByLabel('Denials only').check();
    await page.waitForURL(/\/console\/decisions\?deniedOnly=true$/);
    await until(async () => { const d = await decisionsShown(); return d.length > 0 && !d.includes('Allow'); }, 'only denials are listed');
    await assertText(page.getByRole('table'), 's3:CreateBucket');

    // The trust graph as the scenario's own identities: neither account's IAM is readable as them, so the
    // page says what it needs, calmly, and still draws what this sign-in knows: random_user and its switch.
    await page.getByRole('link', { name: 'Trust graph' }).click();
    const notice = page.getByRole('region', { name: "Part of the graph can't be read as this identity" });
    await assertText(notice, 'iam:GetAccountAuthorizationDetails');
    await assertText(notice, 'IAMReadOnlyAccess');
    await assertText(notice, 'utils (as arn:aws:iam::');
    const picture = page.getByRole('img', { name: /Trust graph/ });
    await picture.waitFor();
    assert.match(await picture.textContent() ?? '', /random_user \(user\).*you \(signed in\).*s3-list-role \(role\)/s);
    const switched = page.getByRole('table', { name: 'Edges' }).getByRole('row').filter({ hasText: 'user/random_user' }).filter({ hasText: 'role/s3-list-role' });
    await assertText(switched, 'you switched to it since signing in');
    assert.equal(await page.getByRole('alert').count(), 0, 'no error box: not being able to read IAM is not an error of the user\'s');
    await shot('8-trust-graph-as-random-user.png');

    await page.getByRole('button', { name: 'Switch back' }).click();
    await assertText(header(), 'random_user @ utils');
    await page.getByRole('banner').getByRole('link', { name: 'Switch role' }).click();
    await page.getByRole('button', { name: `Prod (list) / s3-list-role @ ${sc.prodId}` }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${gh.server.url}/console/s3`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  test('an administrator sees the trust graph of ten principals and five roles across utils and prod, and a role\'s trust policy pretty-printed', async () => {
    await setUpTrustEstate(gh, sc);
    await page.goto(`${gh.server.url}/console/`);
    await page.getByLabel('Account ID (12 digits) or account alias').fill(sc.utilsId);
    await page.getByLabel('IAM user name').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assertText(header(), 'admin @ utils');
    await page.goto(`${gh.server.url}/console/switchrole?account=prod&roleName=prod-admin&displayName=Prod%20admin`);
    await page.getByRole('button', { name: 'Switch Role' }).click();
    await assertText(header(), 'Prod admin / prod-admin @ prod');

    // Upload a file to prod's bucket and download it again, as the prod-admin role.
    await page.getByRole('link', { name: 'S3' }).click();
    await page.getByRole('link', { name: `prod-data-${sc.prodId}` }).click();
    await page.getByLabel('File').setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('quarterly numbers') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded report.txt' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download report.txt' }).click();
    const file = await (await download).path();
    assert.equal((await import('node:fs')).readFileSync(file, 'utf8'), 'quarterly numbers');

    await page.getByRole('link', { name: 'IAM' }).click();
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('link', { name: 's3-list-role' }).click();
    const trust = page.getByLabel('Trust policy');
    await assertText(trust, `"AWS": "arn:aws:iam::${sc.utilsId}:root"`);
    await shot('6-role-trust-policy.png');

    await page.getByRole('link', { name: 'Trust graph' }).click();
    const svg = page.getByRole('img', { name: /Trust graph/ });
    await svg.waitFor();
    const edges = page.getByRole('table', { name: 'Edges' });
    await assertText(edges.getByRole('row').filter({ hasText: `user/random_user` }).filter({ hasText: 'role/s3-list-role' }), 'both sides allow');
    await assertText(edges.getByRole('row').filter({ hasText: `user/random_user` }).filter({ hasText: 'role/prod-admin' }), 'only the trust policy allows');
    await assertText(edges.getByRole('row').filter({ hasText: `user/grace` }).filter({ hasText: 'role/oncall' }), 'neither side allows (explicit deny)');
    const drawn = await svg.textContent() ?? '';
    for (const name of ['random_user', 'admin', ...ESTATE_USERS]) assert.match(drawn, new RegExp(`${name} \\(user\\)`));
    for (const name of ['s3-list-role', 'prod-admin', ...ESTATE_ROLES]) assert.match(drawn, new RegExp(`${name} \\(role\\)`));
    assert.match(drawn, /utils · principals.*prod · roles|prod · roles.*utils · principals/s);
    // s3-list-role and prod-admin trust utils whole: one arrow each from utils' account box, not one per user,
    // while the table keeps every user's decision; and the boxes are ordered so that few arrows cross.
    assert.match(drawn, /utils \(account\)any principal whose policy allows/);
    assert.equal(await svg.locator('path.edge.account-trust').count(), 2);
    assert.equal(await svg.locator('path.edge.trust-only').count(), 1, 'carol, whom deploy trusts by name');
    // carol → deploy, the six users without a policy for s3-list-role, and those six and random_user for prod-admin.
    assert.equal(await edges.getByRole('row').filter({ hasText: 'only the trust policy allows' }).count(), 1 + 6 + 7);
    const ends = await svg.locator('path.edge').evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').match(/-?[\d.]+/g)!.map(Number)));
    const crossings = countCrossings(ends.map((n) => ({ start: { x: n[0], y: n[1] }, end: { x: n[n.length - 2], y: n[n.length - 1] } })));
    assert.ok(crossings <= 10, `${crossings} arrows cross`);
    // The whole picture, for docs/console.md: a taller window so the graph is not cut off.
    await page.setViewportSize({ width: 1366, height: 1400 });
    await svg.screenshot({ path: browser.shotPath('7-trust-graph.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Root may not switch roles (as on AWS): the header does not offer it, and the page says why.
    await page.getByRole('radio', { name: 'Root user' }).check();
    await page.getByLabel('Root access key ID').fill(gh.root('utils').accessKeyId);
    await page.getByLabel('Secret access key').fill(gh.root('utils').secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assertText(header(), 'root @ utils');
    assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Switch role' }).count(), 0);
    await page.goto(`${gh.server.url}/console/switchrole?account=prod&roleName=prod-admin`);
    await assertText(page.getByRole('main'), 'You cannot switch roles if you sign in as the AWS account root user.');
    assert.equal(await page.getByRole('button', { name: 'Switch Role' }).count(), 0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.deepEqual(browser.problems, []);
  });
});
