import type {
  ActionResult,
  ConfigDiff,
  EngineEvent,
  EventOptions,
  EventSubscription,
  LogStream,
  ProcessDetails,
  ProcessStatus,
  SignalOptions,
  SupervisorApi,
  SupervisorInfo,
} from '../api/supervisor-api.js';
import { ApiError, type ApiErrorCode } from '../api/api-error.js';
import { API_PREFIX } from '../api/routes.js';
import { calledAnswerOf, type AnswerOf, type ArgsOf, type CalledVerb, type HttpVerb } from '../api/verbs.js';
import { exchange, type HttpHead, type HttpRequest } from './http-exchange.js';
import { requestTarget, type RequestTarget } from './request-target.js';
import { SseParser } from './sse-parser.js';
import { identifySocketOwner } from './supervisord-probe.js';

/**
 * `SupervisorApi` over the control socket, for `ctl` and `attach`. One HTTP
 * request per call, no keep-alive: a ctl run makes one or two calls and exits.
 * Runtime imports stay within node: and src/control, so `ctl` starts fast and
 * never loads the engine, Ink or React.
 */
export class SocketApi implements SupervisorApi {
  constructor(readonly socketPath: string) {}

  info(): Promise<SupervisorInfo> {
    return this.ask<SupervisorInfo>('info', {}, isObject);
  }

  status(patterns: string[] = []): Promise<ProcessStatus[]> {
    return this.ask<ProcessStatus[]>('status', { pattern: patterns }, Array.isArray);
  }

  start(patterns: string[]): Promise<ActionResult[]> {
    return this.results('start', { patterns });
  }

  stop(patterns: string[]): Promise<ActionResult[]> {
    return this.results('stop', { patterns });
  }

  restart(patterns: string[]): Promise<ActionResult[]> {
    return this.results('restart', { patterns });
  }

  reload(patterns: string[]): Promise<ActionResult[]> {
    return this.results('reload', { patterns });
  }

  signal(signal: string, patterns: string[], options: SignalOptions = {}): Promise<ActionResult[]> {
    return this.results('signal', { signal, patterns, group: options.group });
  }

  scale(program: string, count: string): Promise<ActionResult[]> {
    return this.results('scale', { program, count });
  }

  reread(): Promise<ConfigDiff> {
    return this.ask<ConfigDiff>('reread', {}, isDiff);
  }

  update(programs?: string[]): Promise<ConfigDiff> {
    return this.ask<ConfigDiff>('update', { programs }, isDiff);
  }

  details(name: string): Promise<ProcessDetails> {
    return this.ask<ProcessDetails>('details', { name }, (v) => isObject(v) && isObject(v.status) && Array.isArray(v.command));
  }

  async tail(name: string, lines: number, stream?: LogStream, skip?: number): Promise<string[]> {
    const answer = await this.ask<{ lines: string[] }>('tail', { name, lines, stream, skip }, (v) => isObject(v) && Array.isArray(v.lines));
    return answer.lines;
  }

  shutdown(): Promise<ActionResult[]> {
    return this.results('shutdown', {});
  }

  events(options: EventOptions, listener: (event: EngineEvent) => void): Promise<EventSubscription> {
    return new Promise((resolve, reject) => {
      let stream: EventStream | null = null;
      let answer: { head: HttpHead; chunks: Buffer[] } | null = null;
      const cut = exchange(this.socketPath, this.request(requestTarget('events', { ...options })), {
        head: (head) => {
          if (head.status !== 200) {
            answer = { head, chunks: [] };
            return;
          }
          const type = head.headers.get('content-type');
          if (!/^text\/event-stream\b/.test(type ?? '')) {
            cut();
            reject(new ApiError('BAD_RESPONSE', `the answer at ${this.socketPath} is not an event stream (${type ?? 'no content type'})`));
            return;
          }
          stream = new EventStream(cut, listener, this.socketPath, options.once === true);
          resolve(stream);
        },
        data: (chunk) => (stream ? stream.push(chunk) : answer?.chunks.push(chunk)),
        end: () => {
          if (stream) stream.endOfStream();
          else if (answer) void this.errorFromAnswer(answer.head, Buffer.concat(answer.chunks).toString('utf8')).then(reject);
        },
        error: (error) => (stream ? stream.failed(error) : reject(this.connectError(error))),
      });
    });
  }

  /** A verb the table marks `called`: its answer unwrapped by the kind the table gives. */
  async call<V extends CalledVerb>(verb: V, args: ArgsOf<V>): Promise<AnswerOf<V>> {
    const fields = args as Record<string, unknown>;
    switch (calledAnswerOf(verb)) {
      case 'results':
        return (await this.results(verb, fields)) as AnswerOf<V>;
      case 'lines':
        return (await this.ask<{ lines: string[] }>(verb, fields, (v) => isObject(v) && Array.isArray(v.lines))).lines as AnswerOf<V>;
      default:
        return this.ask<AnswerOf<V>>(verb, fields, () => true);
    }
  }

  private results(verb: HttpVerb, args: Record<string, unknown>): Promise<ActionResult[]> {
    return this.ask<{ results: ActionResult[] }>(verb, args, (v) => isObject(v) && Array.isArray(v.results)).then((a) => a.results);
  }

  /** One request of a verb, its route and parameters placed by the verb table. */
  private ask<T>(verb: HttpVerb, args: Record<string, unknown>, valid: (value: unknown) => boolean): Promise<T> {
    const target = requestTarget(verb, args);
    const { method, route } = target;
    return new Promise((resolve, reject) => {
      let head: HttpHead | null = null;
      const chunks: Buffer[] = [];
      exchange(this.socketPath, this.request(target), {
        head: (answer) => (head = answer),
        data: (chunk) => chunks.push(chunk),
        error: (error) => reject(this.connectError(error)),
        end: () => {
          const answer = head as HttpHead;
          const text = Buffer.concat(chunks).toString('utf8');
          if (answer.status < 200 || answer.status > 299) return void this.errorFromAnswer(answer, text).then(reject);
          const value = parseJson(text);
          if (value === undefined || !valid(value)) {
            return reject(new ApiError('BAD_RESPONSE', `unexpected answer from the supervisor at ${this.socketPath} to ${method} ${API_PREFIX}${route}: ${excerpt(text)}`));
          }
          resolve(value as T);
        },
      });
    });
  }

  private request({ method, route, body }: RequestTarget): HttpRequest {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return {
      method,
      path: API_PREFIX + route,
      headers: {
        host: 'drover',
        connection: 'close',
        accept: 'application/json',
        ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
      },
      body: payload,
    };
  }

  private connectError(error: Error): ApiError {
    return unreachable(this.socketPath, error);
  }

  /**
   * An error answer's ApiError. An answer that is not drover's may be
   * supervisord's own HTTP server on this socket: said so, rather than as
   * a bare HTTP status that reads like a fault of drover.
   */
  private async errorFromAnswer(head: HttpHead, text: string): Promise<ApiError> {
    const error = parseErrorAnswer(head.status, text);
    if (error.code !== 'BAD_RESPONSE') return error;
    const owner = await identifySocketOwner(this.socketPath, head.headers.get('server'));
    return owner.kind === 'supervisord' ? supervisordSocket(this.socketPath, owner.version) : error;
  }
}

/** The live event stream returned by `events()`. */
class EventStream implements EventSubscription {
  readonly ended: Promise<Error | null>;
  private settle!: (result: Error | null) => void;
  private done = false;
  private readonly parser = new SseParser();

  constructor(
    private readonly cut: () => void,
    private readonly listener: (event: EngineEvent) => void,
    private readonly socketPath: string,
    /** Asked with `once`: the supervisor ends the stream after the backlog, which is no failure. */
    private readonly endsByItself: boolean,
  ) {
    this.ended = new Promise((resolve) => (this.settle = resolve));
  }

  push(chunk: Buffer): void {
    for (const message of this.parser.push(chunk)) {
      if (this.done) return;
      const event = parseJson(message.data);
      if (!isObject(event)) {
        this.finish(new ApiError('BAD_RESPONSE', `unreadable event from the supervisor at ${this.socketPath}: ${excerpt(message.data)}`));
        return;
      }
      try {
        this.listener(event as unknown as EngineEvent);
      } catch (error) {
        // A throwing listener would otherwise escape from a socket callback and crash the process.
        this.finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    }
  }

  /** The supervisor ended the stream (its last chunk). */
  endOfStream(): void {
    if (this.endsByItself) this.close();
    else this.gone('stream ended');
  }

  /** The connection failed or closed before the stream's end. */
  failed(error: Error): void {
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') this.gone('connection closed');
    else this.finish(unreachable(this.socketPath, error));
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.settle(null);
    this.cut();
  }

  private gone(why: string): void {
    this.finish(new ApiError('UNREACHABLE', `the supervisor at ${this.socketPath} ended the event stream (${why})`));
  }

  private finish(result: Error): void {
    if (this.done) return;
    this.done = true;
    this.settle(result);
    this.cut();
  }
}

/** Why a connection failed, as `connect ENOENT`: the syscall and code, without repeating the path. */
export function connectReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') return e.syscall ? `${e.syscall} ${e.code}` : e.code;
  return e instanceof Error ? e.message : String(error);
}

function unreachable(socketPath: string, error: Error): ApiError {
  const reason = connectReason(error);
  const result = new ApiError('UNREACHABLE', `no supervisor answers at ${socketPath} (${reason})`);
  // Kept so callers (ctl) can phrase the message with how the path was found.
  result.cause = reason;
  return result;
}

function supervisordSocket(socketPath: string, version: string | null): ApiError {
  const which = version === null ? 'supervisord' : `supervisord ${version}`;
  return new ApiError(
    'SUPERVISORD_SOCKET',
    `the socket ${socketPath} belongs to ${which}, not to drover: supervisorctl talks to it (supervisorctl -s unix://${socketPath} status); drover ctl talks to drover's own socket (--socket, $DROVER_SOCKET, or -c with drover's programs.yaml)`,
  );
}

/** An error answer `{"error": {code, message, details?}}`, or BAD_RESPONSE when it is not one. */
function parseErrorAnswer(status: number, text: string): ApiError {
  const value = parseJson(text);
  const error = isObject(value) ? value.error : undefined;
  if (isObject(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = Array.isArray(error.details) ? error.details.filter((d): d is string => typeof d === 'string') : [];
    // A code this client does not know yet still travels; ctl maps unknown codes to exit 1.
    return new ApiError(error.code as ApiErrorCode, error.message, details);
  }
  return new ApiError('BAD_RESPONSE', `the supervisor answered HTTP ${status} without an error body: ${excerpt(text)}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDiff(value: unknown): boolean {
  return isObject(value) && ['added', 'changed', 'removed'].every((key) => Array.isArray(value[key]));
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
