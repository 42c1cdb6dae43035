/**
 * Output capture for supervised processes: rotating log files with
 * backpressure, in-memory rings for `tail`, and on-demand line events.
 */
export { autoLogPath, resolveLogPath, type LogPathContext } from './log-paths.js';
export { LogFileError, readErrorCode, type LogFileOperation, type LogFileRecovery } from './log-errors.js';
export { LogRegistry, type LogRegistryOptions, type RotationLimits } from './log-registry.js';
export { DEFAULT_MAX_LINE_BYTES, LineSplitter, TRUNCATION_MARKER } from './line-splitter.js';
export { DEFAULT_RING_BYTES, OutputRing, type ArrivedLines } from './output-ring.js';
export { RotatingFile } from './rotating-file.js';
export { DEFAULT_FILE_MODE, DEFAULT_HIGH_WATER_MARK, type RotatingFileOptions, type RotatingFileStats } from './rotating-file-options.js';
export { openPipeSocket, routeChunks, unrouteChunks, type ChunkSink } from './pipe-socket.js';
export { captureStream, StreamCapture, type CaptureOptions, type CaptureStats, type LineListener, type OutputStreamName } from './stream-capture.js';
export { readLinesBeforeEnd } from './file-history.js';
export { lastLinesOfStreams, mergeByTime, type StreamLines } from './merge-arrivals.js';
