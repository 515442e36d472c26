// setupFilesAfterEnv of the unit project (jest reads testTimeout only from the global config, not per project).
// Node's test runner had no per-test limit; the slowest unit test takes about 3 s.
jest.setTimeout(30_000);
