/** A review waiting or running for one pull request (or merge group). */
export interface QueuedReview {
  /** The head SHA it reviews, for logs. */
  headSha: string;
  /** Runs the review; `isCurrent()` turns false as soon as a newer review of the same key arrives. */
  run(isCurrent: () => boolean): Promise<void>;
  /**
   * Called instead of `run` when a newer review replaced this one before it started, or with
   * `shutdown` when the process stops before it started.
   */
  supersede(reason?: 'shutdown'): Promise<void>;
}

/**
 * In-process queue, one lane per pull request: one review runs at a time per PR, at most one
 * waits, and the newest wins. A waiting review that is replaced never starts; a running one
 * learns through `isCurrent()` that its result is outdated and must not be published as current.
 * Different pull requests run side by side, up to `maxRunning`.
 */
export class ReviewQueue {
  private readonly lanes = new Map<string, { latest: QueuedReview; waiting?: QueuedReview; running: boolean }>();
  private readonly pending = new Set<Promise<void>>();
  private running = 0;
  private stopping = false;
  private readonly ready: Array<() => void> = [];

  constructor(
    private readonly maxRunning = 2,
    private readonly onError: (error: unknown, review: QueuedReview) => void = () => undefined,
  ) {}

  /** Queues a review for `key`; returns at once (the webhook is answered before the review runs). */
  schedule(key: string, review: QueuedReview): void {
    if (this.stopping) {
      this.track(review.supersede('shutdown').catch((error) => this.onError(error, review)));
      return;
    }
    const lane = this.lanes.get(key);
    if (!lane) {
      this.lanes.set(key, { latest: review, running: false });
      this.track(this.drain(key, review));
      return;
    }
    const replaced = lane.waiting;
    lane.latest = review;
    lane.waiting = review;
    if (replaced) this.track(replaced.supersede().catch((error) => this.onError(error, replaced)));
  }

  /**
   * Graceful stop: waiting reviews are not started (their checks are completed as not run);
   * running ones get `graceMs` to finish.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const lane of this.lanes.values()) {
      const waiting = lane.waiting;
      lane.waiting = undefined;
      if (waiting) this.track(waiting.supersede('shutdown').catch((error) => this.onError(error, waiting)));
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async drain(key: string, first: QueuedReview): Promise<void> {
    const lane = this.lanes.get(key)!;
    let next: QueuedReview | undefined = first;
    while (next) {
      const review: QueuedReview = next;
      lane.running = true;
      await this.acquire();
      try {
        // Replaced while it waited for a free slot: it never starts.
        if (lane.latest !== review) await review.supersede();
        else await review.run(() => lane.latest === review);
      } catch (error) {
        this.onError(error, review);
      } finally {
        this.release();
        lane.running = false;
      }
      next = lane.waiting;
      lane.waiting = undefined;
    }
    this.lanes.delete(key);
  }

  private async acquire(): Promise<void> {
    if (this.running < this.maxRunning) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.ready.push(resolve));
    this.running++;
  }

  private release(): void {
    this.running--;
    this.ready.shift()?.();
  }

  private track(promise: Promise<void>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }
}
