/**
 * Times consecutive stages: `lap(name)` charges the time since the previous lap (or since the
 * clock was made) to `name`. Laps of the same name add up.
 */
export interface StageClock {
  lap(stage: string): void;
  readonly timings: Record<string, number>;
}

export function startStageClock(now: () => number = () => performance.now()): StageClock {
  let last = now();
  const timings: Record<string, number> = {};
  return {
    timings,
    lap(stage) {
      const at = now();
      timings[stage] = Math.round(((timings[stage] ?? 0) + at - last) * 10) / 10;
      last = at;
    },
  };
}
