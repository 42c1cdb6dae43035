import fc from 'fast-check';

/**
 * fc.assert, with long runs of one character in the failure report cut down
 * ("x…[70000×]"): generated inputs include 70 KB bodies and 27 KB headers,
 * and a counterexample should fit on a screen.
 */
export async function assertProperty<Ts>(property: fc.IAsyncPropertyWithHooks<Ts>, params: fc.Parameters<Ts>): Promise<void> {
  try {
    await fc.assert(property, params);
  } catch (error) {
    for (let e: unknown = error; e instanceof Error; e = e.cause) e.message = compact(e.message);
    throw error;
  }
}

function compact(text: string): string {
  return text.replace(/(.)\1{40,}/gs, (run, char: string) => `${char}…[${run.length}×]`);
}
