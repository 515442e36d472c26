// setupFilesAfterEnv of the e2e project (jest reads testTimeout only from the global config, not per project).
// Starting n8n, installing the package into it and waiting for the templates' schedules take minutes.
jest.setTimeout(600_000);
