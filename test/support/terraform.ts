/**
 * A Terraform working copy of a module in test/terraform/, pointed at a
 * TestGatehouse: the provider comes from the machine's filesystem mirror, and
 * the server records the calls the provider makes (only while terraform runs,
 * not the test's own SDK calls in between).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestGatehouse, cleanup, run, which, type RunResult } from './gatehouse.js';
import type { RequestLogEntry } from '../../src/server/runtime.js';

export const TF_MIRROR = process.env.GATEHOUSE_TF_MIRROR ?? '/opt/tf-plugins';

/** What a by-hand run leaves in a module's folder (state, lock, plans, providers, crash log): no configuration. */
const LEFT_BY_A_RUN = /^(\.terraform|\.terraform\.lock\.hcl|\.terraform\.tfstate\.lock\.info|terraform\.tfstate.*|.*\.tfplan|crash\.log)$/;

/** A Terraform CLI configuration (for TF_CLI_CONFIG_FILE) that installs providers from the mirror, as the README shows. */
export function writeMirrorConfig(file: string): string {
  writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path = "${TF_MIRROR}"\n  }\n}\n`);
  return file;
}

/** Copies a module's configuration only, so a test plans from nothing whatever a by-hand run left beside it. */
export function copyModule(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (path) => !LEFT_BY_A_RUN.test(basename(path)) });
}

/** Why Terraform tests cannot run here, or false when they can. */
export async function terraformMissing(): Promise<string | false> {
  return (await which('terraform')) && existsSync(TF_MIRROR) ? false : `terraform or its provider mirror ${TF_MIRROR} is not installed`;
}

export class TerraformWorkspace {
  readonly calls: RequestLogEntry[] = [];
  private recording = false;

  private constructor(readonly gh: TestGatehouse, readonly dir: string, private readonly env: NodeJS.ProcessEnv) {
    gh.server.runtime.onRequest = (e) => { if (this.recording) this.calls.push(e); };
  }

  /** module: a folder name under test/terraform/. */
  static async open(module: string, accounts?: string[]): Promise<TerraformWorkspace> {
    const gh = await TestGatehouse.start(accounts ? { accounts } : {});
    const dir = mkdtempSync(join(tmpdir(), `gatehouse-tf-${module}-`));
    copyModule(fileURLToPath(new URL(`../terraform/${module}/`, import.meta.url)), dir);
    const cliConfig = writeMirrorConfig(join(dir, 'terraform.rc'));
    return new TerraformWorkspace(gh, dir, gh.env({ TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' }));
  }

  async tf(...args: string[]): Promise<RunResult> {
    this.recording = true;
    try {
      return await run('terraform', [...args, '-no-color'], this.env, { cwd: this.dir, timeoutMs: 300_000 });
    } finally {
      this.recording = false;
    }
  }

  /** `terraform init` and `apply` succeed, and apply reports exactly `added` resources added. */
  async initAndApply(added: number): Promise<void> {
    const init = await this.tf('init', '-input=false');
    assert.equal(init.code, 0, init.stdout + init.stderr);
    const apply = await this.tf('apply', '-auto-approve', '-input=false');
    assert.equal(apply.code, 0, apply.stdout + apply.stderr);
    assert.match(apply.stdout, new RegExp(`Apply complete! Resources: ${added} added, 0 changed, 0 destroyed`));
  }

  /** A following `terraform plan` finds nothing to change (-detailed-exitcode: 2 would mean changes). */
  async planShowsNoChanges(): Promise<void> {
    const plan = await this.tf('plan', '-detailed-exitcode', '-input=false');
    assert.equal(plan.code, 0, `exit 2 means changes:\n${plan.stdout}${plan.stderr}`);
    assert.match(plan.stdout, /No changes/);
  }

  /** `terraform destroy` succeeds and reports exactly `destroyed` resources destroyed. */
  async destroy(destroyed: number): Promise<void> {
    const out = await this.tf('destroy', '-auto-approve', '-input=false');
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, new RegExp(`Destroy complete! Resources: ${destroyed} destroyed`));
  }

  /** Provider calls Gatehouse answered as not implemented: must be none. */
  unimplemented(): RequestLogEntry[] {
    return this.calls.filter((c) => c.code === 'NotImplemented' || c.code === 'InvalidAction');
  }

  /** service:Operation names the provider called, sorted. */
  called(): string[] {
    return [...new Set(this.calls.map((c) => `${c.service}:${c.operation}`))].sort();
  }

  async dispose(): Promise<void> {
    await this.gh.dispose();
    cleanup(this.dir);
  }
}
