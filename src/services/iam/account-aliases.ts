/**
 * Account aliases: one per account, unique across every account of this
 * server as AWS keeps them unique across AWS. Naming rules (lowercase, DNS
 * style, no "--", not 12 digits) are from "IAM and AWS STS quotas".
 */
import { entityAlreadyExists, noSuchEntity, validationError } from '../../core/aws-error.js';
import type { OperationTable } from '../operation.js';
import { paginate } from './paginate.js';

export const accountAliasOperations: OperationTable = {
  CreateAccountAlias: {
    action: 'iam:CreateAccountAlias',
    handle(i, ctx) {
      const alias: string = i.AccountAlias;
      // The pattern (constraints.ts) admits 12 digits; the quotas page does not.
      if (/^\d{12}$/.test(alias)) throw validationError(`The account alias ${alias} can't be a 12-digit number.`);
      const owner = ctx.store.accountAliases.owner(alias);
      if (owner !== undefined && owner !== ctx.account) throw entityAlreadyExists(`The account alias ${alias} already exists.`);
      // "Your AWS account can have only one alias. If you create a new alias … the new alias
      // overwrites the previous alias" (IAM User Guide, "Your AWS account ID and its alias").
      ctx.store.accountAliases.set(ctx.account, alias);
    },
  },
  DeleteAccountAlias: {
    action: 'iam:DeleteAccountAlias',
    handle(i, ctx) {
      if (ctx.store.accountAliases.forAccount(ctx.account) !== i.AccountAlias) throw noSuchEntity(`The account alias ${i.AccountAlias} cannot be found.`);
      ctx.store.accountAliases.delete(ctx.account);
    },
  },
  ListAccountAliases: {
    action: 'iam:ListAccountAliases',
    handle(i, ctx) {
      const alias = ctx.store.accountAliases.forAccount(ctx.account);
      const page = paginate(alias === undefined ? [] : [alias], i);
      return { AccountAliases: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
};
