import { useEffect, useState } from 'react';
import type { ProcessDetails, ProcessStatus, SupervisorApi } from '../../api/supervisor-api.js';

export type DetailsState = { kind: 'loading' } | { kind: 'ready'; details: ProcessDetails } | { kind: 'failed'; message: string };

/**
 * details() of one process (none when `name` is null), fetched when the pane opens and again whenever
 * that process changes (a new state, a new pid): a pid tree or an exit list
 * cannot be older than the row above it.
 */
export function useDetails(api: SupervisorApi, name: string | null, process: ProcessStatus | undefined): DetailsState {
  const [state, setState] = useState<DetailsState>({ kind: 'loading' });
  useEffect(() => {
    // No process to ask about (a program scaled to 0 has only its stand-in, which has no details worth a call).
    if (name === null) return;
    let current = true;
    api.details(name).then(
      (details) => current && setState({ kind: 'ready', details }),
      (error: unknown) => current && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, name, process]);
  return state;
}
