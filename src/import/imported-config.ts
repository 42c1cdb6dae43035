/**
 * What an import produces before it is written as YAML: plain values in
 * programs.yaml's own option names and forms.
 */
export interface ImportedProgram {
  name: string;
  /** Where it came from, for the comment above it: `[program:web]` at file:line, or `web` in a Procfile. */
  origin: { label: string; file: string; line: number };
  options: Record<string, unknown>;
}

export interface ImportedConfig {
  /** Options under `supervisor:`; empty when nothing maps. */
  supervisor: Record<string, unknown>;
  programs: ImportedProgram[];
  groups: Record<string, string[]>;
}
