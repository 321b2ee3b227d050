// Types of startup.mjs, for the smoke test.
export const STARTUP_DEFAULTS: { rounds: number };
export function runStartup(options: { packageRoot: string; rounds?: number }): Promise<{
  rounds: number;
  coldImportInMs: Record<string, number>;
  ratios: Record<string, number>;
  packed: { tarballBytes: number; unpackedBytes: number; files: number; includesDist: boolean };
  dependencies: {
    direct: number;
    transitive: number;
    names: string[];
    optionalPeers: string[];
    transitiveWithValidation: number;
  };
}>;
