import type { Sandbox } from '../review/ports.js';
import { openSandbox, providerSettingsFromEnv } from './open-sandbox.js';
import type { PostgresMajor } from './supported-versions.js';

/**
 * Long-lived sandboxes for the App, one per Postgres major, started on first use and reused
 * across reviews (each review still gets its own throwaway database, cloned ahead of time: the
 * spare branch). A start that failed is forgotten, so the next review tries again.
 */
export class SandboxPool {
  private readonly sandboxes = new Map<PostgresMajor, Promise<Sandbox>>();

  constructor(private readonly start: (major: PostgresMajor) => Promise<Sandbox> = (major) => openSandbox(providerSettingsFromEnv(process.env), major, undefined, { spareBranch: true })) {}

  get(major: PostgresMajor): Promise<Sandbox> {
    let sandbox = this.sandboxes.get(major);
    if (!sandbox) {
      sandbox = this.start(major);
      this.sandboxes.set(major, sandbox);
      sandbox.catch(() => this.sandboxes.delete(major));
    }
    return sandbox;
  }

  /** Forgets a cluster that stopped answering (crashed, killed); the next review starts a new one. */
  async discard(major: PostgresMajor): Promise<void> {
    const sandbox = this.sandboxes.get(major);
    this.sandboxes.delete(major);
    await sandbox?.then((s) => s.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const all = [...this.sandboxes.values()];
    this.sandboxes.clear();
    await Promise.all(all.map((s) => s.then((sandbox) => sandbox.close()).catch(() => undefined)));
  }
}
