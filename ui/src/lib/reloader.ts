/**
 * Wraps `load` (which reads something fresh from the core) so that every call
 * is followed by a run that started after it. A call while a run is under
 * way is folded into one more run once that one ends: the run under way may
 * have read the state from before the change that prompted the call. Runs
 * never overlap, so an older answer never lands after a newer one.
 */
export function reloader(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
