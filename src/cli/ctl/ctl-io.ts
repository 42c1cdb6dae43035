/** Where a ctl command writes, and how it learns the user wants it to stop following. */
export interface CtlIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Colour is welcome on `out`: it is a terminal and NO_COLOR is unset. */
  colour?: boolean;
  /**
   * Starts listening for the user's "stop following" (Ctrl-C, TERM, stdout
   * closed). Only `tail -f` calls it: other verbs keep the default signal
   * behaviour, so Ctrl-C still ends a long `ctl stop` at once.
   */
  untilStopped(): { stopped: Promise<void>; dispose(): void };
}
