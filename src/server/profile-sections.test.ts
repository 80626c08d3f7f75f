import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceSections, sectionName, type OwnedSection } from './profile-sections.js';

const utils: OwnedSection = { name: 'profile utils', lines: ['region = us-east-1', 'endpoint_url = http://127.0.0.1:4566'] };
const prod: OwnedSection = { name: 'profile prod', lines: ['region = us-east-1', 'endpoint_url = http://127.0.0.1:4566'] };
const UTILS = '[profile utils]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4566\n';
const PROD = '[profile prod]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4566\n';

test('an empty file gets the owned sections, one blank line apart', () => {
  assert.equal(replaceSections('', [utils, prod]), `${UTILS}\n${PROD}`);
});

test('rewriting what it wrote changes nothing', () => {
  const text = `${UTILS}\n${PROD}`;
  assert.equal(replaceSections(text, [utils, prod]), text);
});

test("a user's section between owned ones, with its comments and blank lines, stays byte for byte", () => {
  const user = '\n# my own user\n[profile random_user]\nregion = eu-west-1   ; mine\n\n\n[default]\nregion = us-west-2\n\n';
  const stale = '[profile utils]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9999\n';
  assert.equal(replaceSections(`${stale}${user}${PROD}`, [utils, prod]), `${UTILS}${user}${PROD}`);
});

test('an owned section the user edited is rewritten whole, comments inside it too', () => {
  const edited = '[profile  utils ]\nregion = eu-central-1\n# tried this\nendpoint_url = http://elsewhere\ncli_pager =\n';
  assert.equal(replaceSections(`${edited}\n[profile mine]\nregion = x\n`, [utils]), `${UTILS}\n[profile mine]\nregion = x\n`);
});

test('a section the user appended after the owned ones survives, and missing owned ones are appended after it', () => {
  const text = `${UTILS}\n[profile random_user]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = utils\n`;
  assert.equal(replaceSections(text, [utils, prod]), `${text}\n${PROD}`);
});

test('CRLF files stay CRLF, and what is written in them too', () => {
  const text = '[profile mine]\r\nregion = x\r\n\r\n[profile utils]\r\nregion = old\r\n';
  assert.equal(replaceSections(text, [utils, prod]),
    '[profile mine]\r\nregion = x\r\n\r\n' + UTILS.replaceAll('\n', '\r\n') + '\r\n' + PROD.replaceAll('\n', '\r\n'));
});

test('a file without a final newline: its last line is kept whole and what is appended starts on a new line', () => {
  assert.equal(replaceSections('[profile mine]\nregion = x', [utils]), `[profile mine]\nregion = x\n\n${UTILS}`);
  assert.equal(replaceSections('[profile mine]\nregion = x\n\n[profile utils]\nregion = y', [utils]), `[profile mine]\nregion = x\n\n${UTILS}`);
});

test('a duplicate of an owned section is dropped; [default] and names that only look alike are not owned', () => {
  const text = `${UTILS}\n[profile utils]\nregion = dup\n\n[default]\nregion = a\n[profile utils2]\nregion = b\n[utils]\nregion = c\n`;
  assert.equal(replaceSections(text, [utils]), `${UTILS}\n\n[default]\nregion = a\n[profile utils2]\nregion = b\n[utils]\nregion = c\n`);
});

test('credentials sections are named by the profile alone', () => {
  const owned = { name: 'utils', lines: ['aws_access_key_id = AKIANEW'] };
  const text = '[random_user]\naws_access_key_id = AKIAUSER\n\n[utils]\naws_access_key_id = AKIAOLD\n';
  assert.equal(replaceSections(text, [owned]), '[random_user]\naws_access_key_id = AKIAUSER\n\n[utils]\naws_access_key_id = AKIANEW\n');
});

test('header lines: blanks inside and around, trailing comments; keys are no headers', () => {
  assert.equal(sectionName('  [ profile   utils ]  # mine'), 'profile utils');
  assert.equal(sectionName('[utils]'), 'utils');
  assert.equal(sectionName('region = [x]'), undefined);
  assert.equal(sectionName('# [profile utils]'), undefined);
});
