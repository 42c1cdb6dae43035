/** A path to an option in the YAML tree, e.g. ['programs', 'web', 'exitcodes', 1]. */
export type OptionPath = readonly (string | number)[];

/**
 * A problem found before it has a line and column. Validation steps work on
 * paths; the loader turns each issue into a positioned ConfigError at the end.
 */
export interface ConfigIssue {
  path: OptionPath;
  message: string;
  /** Point at the option's key (unknown or unsupported options) or its value. */
  at: 'key' | 'value';
  /** Exact source offset, when the step knows better than the path (e.g. a `${` inside a value). */
  offset?: number;
}

export function issue(path: OptionPath, message: string, at: 'key' | 'value' = 'value'): ConfigIssue {
  return { path, message, at };
}
