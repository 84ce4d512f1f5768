/**
 * A value derived from cocoon's own files (the package version, dist/parsed.json, the schema validators,
 * the built-in CSS), made on first use and kept for the life of the process. Only src/assets/ may keep
 * anything between runs, and only data that cannot change while cocoon runs: what depends on the user's
 * files or environment belongs to the run's Workspace (app/workspace.ts).
 * tests/architecture/state.test.ts holds every other module to that.
 */
export function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
