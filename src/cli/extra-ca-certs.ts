/** Where the `drover` command (drover.sh) keeps NODE_EXTRA_CA_CERTS while `drover --daemon`'s launcher runs without it. */
const MOVED_EXTRA_CA_CERTS = 'DROVER_NODE_EXTRA_CA_CERTS';

/**
 * Puts NODE_EXTRA_CA_CERTS back where drover.sh moved it aside. Node reads
 * that file at start-up (tens of milliseconds for a distribution's bundle),
 * and the launcher of `drover --daemon` uses no TLS; but the supervisor it
 * starts does (https probes), and the programs get the environment the user
 * gave drover. Called before anything reads the environment.
 */
export function restoreExtraCaCerts(): void {
  const moved = process.env[MOVED_EXTRA_CA_CERTS];
  if (moved === undefined) return;
  delete process.env[MOVED_EXTRA_CA_CERTS];
  process.env.NODE_EXTRA_CA_CERTS = moved;
}
