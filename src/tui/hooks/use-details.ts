import { useEffect, useState } from 'react';
import type { ProcessDetails, ProcessStatus, SupervisorApi } from '../../api/supervisor-api.js';

export type DetailsState = { kind: 'loading' } | { kind: 'ready'; details: ProcessDetails } | { kind: 'failed'; message: string };

/**
 * details() of one process, fetched when the pane opens and again whenever
 * that process changes (a new state, a new pid): a pid tree or an exit list
 * cannot be older than the row above it.
 */
export function useDetails(api: SupervisorApi, name: string, process: ProcessStatus | undefined): DetailsState {
  const [state, setState] = useState<DetailsState>({ kind: 'loading' });
  useEffect(() => {
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
