/**
 * Runs `work` while sampling this process's RSS, and returns how far the peak rose above the
 * RSS at the start, in MiB. A sampler, not a timer: it asserts nothing about time.
 */
export async function measurePeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMiB: Math.round((peak - start) / 1024 ** 2) };
  } finally {
    clearInterval(sampler);
  }
}
