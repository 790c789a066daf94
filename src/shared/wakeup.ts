/**
 * A loop waiting on events from elsewhere (worker replies, an abort): `wait` resolves at the next `notify`;
 * the waiter checks its own state again after each. One waiter at a time.
 */
export interface Wakeup {
  wait(): Promise<void>;
  notify(): void;
}

export function createWakeup(): Wakeup {
  let wake: (() => void) | undefined;
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }),
    notify: () => {
      const resume = wake;
      wake = undefined;
      resume?.();
    },
  };
}
