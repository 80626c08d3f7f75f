/**
 * The console's Organization page in a real browser (playwright-core driving Debian's chromium): the
 * management account's administrator sees the organization as a tree (root → OU "workloads" → account
 * "prod", the management account under the root, each node's SCPs and RCPs), opens an SCP's document
 * and targets from the tree, switches role from the tree into prod's OrganizationAccountAccessRole and
 * then sees prod's side of it (a member account); an invited account is marked as having no such role
 * unless someone made it, and the switch into it shows STS's refusal;
 * the management account's root user sees the tree but is not offered Switch role, as on AWS.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TestGatehouse } from './support/gatehouse.js';
import { CONSOLE_PASSWORD as PASSWORD } from './support/console.js';
import { inviteIntoOrganization, setUpConsoleOrganization, type ConsoleOrganization } from './support/console-organization.js';
import { assertText, noBrowser, openConsoleBrowser, type ConsoleBrowser } from './support/browser.js';

describe('web console: the Organization page in a browser', { skip: noBrowser }, () => {
  let gh: TestGatehouse;
  let o: ConsoleOrganization;
  let sandboxId: string;
  let browser: ConsoleBrowser;
  let page: Page;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['mgmt', 'sandbox'] });
    o = await setUpConsoleOrganization(gh, 'mgmt');
    sandboxId = await inviteIntoOrganization(gh, 'mgmt', 'sandbox');
    browser = await openConsoleBrowser();
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await gh?.dispose();
  });

  const header = () => page.getByTestId('current-identity');
  const tree = () => page.getByRole('list', { name: 'Organization tree' });
  /** The heading line of the tree's node with this id. */
  const nodeHead = (id: string) => page.locator(`li.org-node[data-id="${id}"] > .org-node-head`);
  const nodePolicies = (id: string) => page.locator(`li.org-node[data-id="${id}"] > ul.org-policies`);

  test('the management account\'s administrator sees the tree with its OU, accounts and SCPs/RCPs, and switches role into prod from it', async () => {
    await page.goto(`${gh.server.url}/console/?account=mgmt`);
    await page.getByLabel('IAM user name').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assertText(header(), 'admin @ mgmt');

    await page.getByRole('banner').getByRole('link', { name: 'Organization' }).click();
    await page.getByRole('heading', { name: 'Organization', level: 1 }).waitFor();
    await assertText(tree(), 'workloads');
    await assertText(nodeHead(o.rootId), `Root ${o.rootId}`);
    await assertText(nodePolicies(o.rootId), 'SCPs: FullAWSAccess');
    await assertText(nodePolicies(o.rootId), 'RCPs: RCPFullAWSAccess');
    await assertText(nodeHead(o.ouId), `workloads ${o.ouId}`);
    await assertText(nodePolicies(o.ouId), 'deny-other-regions');
    await assertText(nodeHead(o.prodId), `prod ${o.prodId} · prod@example.com`);
    await assertText(nodeHead(o.managementId), 'management account');
    // prod is inside workloads; the management account is under the root and offers no switch into itself.
    assert.equal(await page.locator(`li.org-node[data-id="${o.ouId}"] li.org-node[data-id="${o.prodId}"]`).count(), 1);
    assert.equal(await nodeHead(o.managementId).getByRole('link', { name: /Switch role/ }).count(), 0);
    assert.equal(await page.getByRole('alert').count(), 0);
    await page.screenshot({ path: browser.shotPath('9-organization.png'), fullPage: true });

    // sandbox joined by invitation: AWS made no access role there, so its Switch role says so, and the switch is refused by STS.
    await assertText(nodeHead(sandboxId), `invited: has OrganizationAccountAccessRole only if it was created there`);
    await nodeHead(sandboxId).getByRole('link', { name: /Switch role/ }).click();
    await page.getByRole('button', { name: 'Switch Role' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'The role could not be assumed.' });
    await assertText(refused, `is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${sandboxId}:role/OrganizationAccountAccessRole`);
    await page.getByRole('banner').getByRole('link', { name: 'Organization' }).click();

    // Each attached policy opens its own page: the document and where it is attached.
    await nodePolicies(o.ouId).getByRole('link', { name: 'deny-other-regions' }).click();
    await page.getByRole('heading', { name: 'Policy deny-other-regions' }).waitFor();
    await assertText(page.getByLabel('Policy document'), '"aws:RequestedRegion": [');
    await assertText(page.getByRole('table', { name: 'Targets' }), `workloads\tOU\t${o.ouId}`);
    await page.getByRole('main').getByRole('link', { name: 'Organization' }).click();

    await nodeHead(o.prodId).getByRole('link', { name: `Switch role into prod (${o.prodId}) as OrganizationAccountAccessRole` }).click();
    assert.equal(await page.getByLabel('Account ID or alias').inputValue(), o.prodId);
    assert.equal(await page.getByLabel('IAM role name').inputValue(), 'OrganizationAccountAccessRole');
    await page.getByRole('button', { name: 'Switch Role' }).click();
    await assertText(header(), `prod / OrganizationAccountAccessRole @ ${o.prodId}`);

    // Back on the Organization page, now as prod's role: prod is a member, so the tree is the management account's to see.
    await page.waitForURL(/\/console\/organization$/);
    const notice = page.getByRole('region', { name: 'prod is a member account, not the management account' });
    await assertText(notice, 'AccessDeniedException');
    await assertText(notice, `mgmt (${o.managementId})`);
    assert.equal(await tree().count(), 0);

    await page.getByRole('button', { name: 'Switch back' }).click();
    await assertText(header(), 'admin @ mgmt');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  test('the management account\'s root user sees the tree but is not offered Switch role', async () => {
    await page.goto(`${gh.server.url}/console/`);
    await page.getByRole('radio', { name: 'Root user' }).check();
    await page.getByLabel('Root access key ID').fill(gh.root('mgmt').accessKeyId);
    await page.getByLabel('Secret access key').fill(gh.root('mgmt').secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assertText(header(), 'root @ mgmt');
    await page.goto(`${gh.server.url}/console/organization`);
    await assertText(nodeHead(o.prodId), 'prod');
    assert.equal(await tree().getByRole('link', { name: /Switch role/ }).count(), 0);
    await assertText(page.getByRole('main'), 'The root user cannot switch roles');
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.deepEqual(browser.problems, []);
  });
});
