/** Bounded polling for the bench's "wait until the pipeline has done X". */

/**
 * Resolves true once `done()` holds, or false when `timeoutMs` passes first; polls every `pollMs`.
 */
export async function waitUntil(done: () => boolean, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
