/** The signals that ask a process to stop, and the exit code a shell reports for each. */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

export interface StopSignals {
  /** Resolves with the exit code (130, 143) when the first stop signal arrives. */
  readonly received: Promise<number>;
  /**
   * Runs a long synchronous stage (one that does not return to the event loop until it ends, so
   * no signal handler can run meanwhile) with SIGINT and SIGTERM at their default action: a stop
   * signal then ends the process at once instead of waiting for the stage, and the process's
   * embedded clusters are stopped and removed from outside, by their watchdogs. A signal caught
   * just before is handled first (two turns of the event loop), and the stage then never starts.
   */
  runSynchronous<T>(stage: () => T): Promise<T>;
  /** Removes the handlers (the run ended). */
  dispose(): void;
}

/**
 * SIGINT and SIGTERM for a one-shot process (the CLI): the first one resolves `received`, so the
 * caller can cancel, clean up and exit with its code; a second one exits at once.
 */
export function watchStopSignals(): StopSignals {
  let resolve!: (code: number) => void;
  const received = new Promise<number>((r) => (resolve = r));
  let first: number | undefined;
  const handlers = (Object.entries(STOP_SIGNALS) as Array<[StopSignal, number]>).map(([signal, code]) => {
    const handler = () => {
      if (first !== undefined) process.exit(first);
      first = code;
      resolve(code);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const turn = () => new Promise<void>((r) => setImmediate(r));
  return {
    received,
    async runSynchronous<T>(stage: () => T): Promise<T> {
      await turn();
      await turn();
      if (first !== undefined) return new Promise<T>(() => undefined);
      const saved = handlers.map(([signal]) => [signal, process.listeners(signal)] as const);
      for (const [signal] of saved) process.removeAllListeners(signal);
      try {
        return stage();
      } finally {
        for (const [signal, listeners] of saved) for (const listener of listeners) process.on(signal, listener as () => void);
      }
    },
    dispose: () => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    },
  };
}
