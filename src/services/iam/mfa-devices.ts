/**
 * Virtual MFA devices: created with a TOTP seed, enabled for a user with two
 * consecutive codes, deactivated, resynchronised, deleted. verifyMfaCode is
 * what STS asks when a request carries a code.
 */
import { AwsError, deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { Store } from '../../store/index.js';
import type { MfaDeviceRow } from '../../store/mfa-devices.js';
import { namedOrCallingUser, namedOrCallingUserArn } from './caller-user.js';
import { entityArn, requireUser, toDate } from './names.js';
import { paginate } from './paginate.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';
import { codeAt, findConsecutive, newSeed, otpauthUri, qrCodePng, stepAt } from './mfa-totp.js';

/** "IAM and AWS STS quotas": up to 8 MFA devices may be assigned to one user. */
const MAX_DEVICES_PER_USER = 8;
/** Steps searched for two consecutive codes: an hour either way to enable, a day to resync. */
const ENABLE_WINDOW = 120;
const RESYNC_WINDOW = 2880;

const invalidCode = () => new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', 403);
const missingDevice = (serial: string) => noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);

function requireDevice(ctx: RequestContext, serial: string): MfaDeviceRow {
  const d = ctx.store.mfaDevices.get(serial);
  if (!d || d.account_id !== ctx.account) throw missingDevice(serial);
  return d;
}

/** A device assigned to this user, or NoSuchEntity as if it were not there. */
function requireAssigned(ctx: RequestContext, serial: string, user: string): MfaDeviceRow {
  const d = requireDevice(ctx, serial);
  if (d.user_name?.toLowerCase() !== user.toLowerCase()) throw noSuchEntity(`MFA Device with serial number ${serial} does not exist for user ${user}.`);
  return d;
}

function userOf(ctx: RequestContext, name: string) {
  const u = ctx.store.users.get(ctx.account, name);
  return u && { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: toDate(u.created_at) };
}

export const mfaDeviceOperations: OperationTable = {
  CreateVirtualMFADevice: {
    action: 'iam:CreateVirtualMFADevice',
    resource: (i, ctx) => iamArn(ctx.account, `mfa${i.Path ?? '/'}${i.VirtualMFADeviceName}`),
    handle(i, ctx) {
      const tags = checkTags(i.Tags);
      const path = i.Path ?? '/';
      const serial = iamArn(ctx.account, `mfa${path}${i.VirtualMFADeviceName}`);
      if (ctx.store.mfaDevices.get(serial)) throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
      const seed = newSeed();
      ctx.store.mfaDevices.insert({ serial_number: serial, account_id: ctx.account, path, name: i.VirtualMFADeviceName, seed, created_at: ctx.clock.now().toISOString() });
      ctx.store.tags.put(ctx.account, 'mfa', serial, tags);
      return {
        VirtualMFADevice: {
          SerialNumber: serial,
          Base32StringSeed: Buffer.from(seed),
          QRCodePNG: qrCodePng(otpauthUri(seed, `${i.VirtualMFADeviceName}@${ctx.account}`)),
          Tags: tagsOrUndefined(tags),
        },
      };
    },
  },
  EnableMFADevice: {
    action: 'iam:EnableMFADevice',
    resource: (i, ctx) => entityArn(ctx.store, ctx.account, 'user', i.UserName),
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      const d = requireDevice(ctx, i.SerialNumber);
      if (d.user_name) throw entityAlreadyExists('MFA Device is already in use.');
      if (ctx.store.mfaDevices.forUser(ctx.account, u.name).length >= MAX_DEVICES_PER_USER)
        throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MAX_DEVICES_PER_USER}`);
      const now = stepAt(ctx.clock.nowMs());
      const drift = findConsecutive(d.seed, now, i.AuthenticationCode1, i.AuthenticationCode2, ENABLE_WINDOW);
      if (drift === undefined) throw invalidCode();
      // Codes made long before the request still enable the device, which is then
      // out of sync until resynchronised (EnableMFADevice, IAM API Reference).
      ctx.store.mfaDevices.assign(d.serial_number, u.name, ctx.clock.now().toISOString());
      ctx.store.mfaDevices.sync(d.serial_number, drift, now + drift + 1);
    },
  },
  ResyncMFADevice: {
    action: 'iam:ResyncMFADevice',
    resource: (i, ctx) => entityArn(ctx.store, ctx.account, 'user', i.UserName),
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      const d = requireAssigned(ctx, i.SerialNumber, u.name);
      const now = stepAt(ctx.clock.nowMs());
      const drift = findConsecutive(d.seed, now, i.AuthenticationCode1, i.AuthenticationCode2, RESYNC_WINDOW);
      if (drift === undefined || now + drift <= (d.last_used_step ?? -Infinity)) throw invalidCode();
      ctx.store.mfaDevices.sync(d.serial_number, drift, now + drift + 1);
    },
  },
  DeactivateMFADevice: {
    action: 'iam:DeactivateMFADevice',
    resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = namedOrCallingUser(i, ctx);
      if (user === null) throw missingDevice(i.SerialNumber);
      const d = requireAssigned(ctx, i.SerialNumber, user);
      ctx.store.mfaDevices.assign(d.serial_number, null, null);
      ctx.store.mfaDevices.sync(d.serial_number, 0, d.last_used_step ?? 0);
    },
  },
  ListMFADevices: {
    action: 'iam:ListMFADevices',
    resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = namedOrCallingUser(i, ctx);
      const page = paginate(user === null ? [] : ctx.store.mfaDevices.forUser(ctx.account, user), i);
      return {
        MFADevices: page.items.map((d) => ({ UserName: d.user_name!, SerialNumber: d.serial_number, EnableDate: toDate(d.enabled_at) })),
        IsTruncated: page.IsTruncated, Marker: page.Marker,
      };
    },
  },
  ListVirtualMFADevices: {
    action: 'iam:ListVirtualMFADevices',
    handle(i, ctx) {
      // Without AssignmentStatus the list is Any: assigned and unassigned (ListVirtualMFADevices, IAM API Reference).
      const status: string = i.AssignmentStatus ?? 'Any';
      const devices = ctx.store.mfaDevices.list(ctx.account)
        .filter((d) => status === 'Any' || (status === 'Assigned') === (d.user_name !== null));
      const page = paginate(devices, i);
      return {
        VirtualMFADevices: page.items.map((d) => ({
          SerialNumber: d.serial_number, EnableDate: toDate(d.enabled_at),
          User: d.user_name ? userOf(ctx, d.user_name) : undefined,
          Tags: tagsOrUndefined(ctx.store.tags.list(ctx.account, 'mfa', d.serial_number)),
        })),
        IsTruncated: page.IsTruncated, Marker: page.Marker,
      };
    },
  },
  ...tagOperations({ entity: 'MFADevice', kind: 'mfa', resource: (i) => i.SerialNumber, owner: (i, ctx) => requireDevice(ctx, i.SerialNumber).serial_number }),
  DeleteVirtualMFADevice: {
    action: 'iam:DeleteVirtualMFADevice',
    resource: (i) => i.SerialNumber,
    handle(i, ctx) {
      const d = requireDevice(ctx, i.SerialNumber);
      if (d.user_name) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
      ctx.store.tags.clear(ctx.account, 'mfa', d.serial_number);
      ctx.store.mfaDevices.delete(d.serial_number);
    },
  },
};

/**
 * Whether code is the device's current code (one step of clock skew either
 * way, from where the device was last synchronised), not used before. An
 * accepted code is spent: the same code, or an older one, never passes again.
 */
export function verifyMfaCode(store: Store, account: string, serialNumber: string, code: string, now: Date): boolean {
  const d = store.mfaDevices.get(serialNumber);
  if (!d || d.account_id !== account || !d.user_name || !/^\d{6}$/.test(code)) return false;
  const step = stepAt(now.getTime()) + d.drift_steps;
  for (const s of [step, step - 1, step + 1]) {
    if (s <= (d.last_used_step ?? -Infinity)) continue;
    if (codeAt(d.seed, s) !== code) continue;
    store.mfaDevices.sync(d.serial_number, d.drift_steps, s);
    return true;
  }
  return false;
}
