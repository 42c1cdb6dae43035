import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests start real processes; slow CI machines need room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel but not so many that timing-sensitive
    // supervisor tests starve each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
