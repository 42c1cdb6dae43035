/**
 * Server-Sent Events: SseParser against eventsource-parser, on the streams of
 * test/server/sse-parser.test.ts, cut into chunks the way that test cuts them
 * (every two-chunk split, one chunk per byte, every three-chunk split).
 * eventsource-parser takes strings, so bytes go through a streaming
 * TextDecoder first: the glue a switch would need. One case is one stream; it
 * agrees only if every cutting of it gives our events.
 */
import { show, Tally } from '../comparison.mjs';
import { microsPerCall } from '../timing.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {{ event: string, data: string, id: string | null }} Message */
/** @typedef {(chunks: (Buffer | string)[]) => Message[]} ParseAll */

/** The streams of sse-parser.test.ts, and how each is cut there. */
const STREAMS = [
  { text: 'event: state\ndata: {"kind":"state"}\n\nevent: log\ndata: {"kind":"log","lines":["a"]}\n\n', cut: 'whole' },
  {
    text:
      '\uFEFF: hello\r\n\r\nevent: log\r\ndata: {"lines":["héllo ✓ 😀"]}\r\n\r\n' +
      'event:state\rdata:{"a":1}\r\rdata: line one\ndata: line two\nid: 7\n\n: keep-alive\n\nevent: log\ndata: {"tail":true}\n\n',
    cut: 'two',
  },
  { text: 'event: a\r\ndata: é\r\n\r\ndata: 2\n\n', cut: 'three' },
  { text: ': comment\nretry: 100\nfoo: bar\nevent: lonely\n\n|event: late\ndata: x|\n|\n', cut: 'bars' },
  { text: 'data\ndata:  two spaces\n\n', cut: 'whole' },
  { text: 'event: x\nda|ta: 1\n|\n', cut: 'bars' },
];

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareSse(context) {
  const { SseParser } = await context.ours('client/sse-parser.js');
  const { createParser } = await context.library('eventsource-parser');
  /** @type {ParseAll} */
  const ours = (chunks) => {
    const parser = new SseParser();
    return chunks.flatMap((chunk) => parser.push(chunk));
  };
  /** @type {ParseAll} */
  const theirs = (chunks) => {
    /** @type {Message[]} */
    const out = [];
    const parser = createParser({
      onEvent: (/** @type {{ event?: string, data: string, id?: string }} */ e) => out.push({ event: e.event ?? 'message', data: e.data, id: e.id ?? null }),
    });
    const decoder = new TextDecoder();
    for (const chunk of chunks) parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    return out;
  };
  const tally = new Tally();
  let cuttings = 0;
  for (const stream of STREAMS) {
    const all = cuttingsOf(stream.text, stream.cut);
    cuttings += all.length;
    const differing = all.find((chunks) => show(ours(chunks)) !== show(theirs(chunks)));
    tally.check(differing === undefined, () => {
      const chunks = differing ?? [];
      const where = chunks.length === 1 ? 'in one chunk' : `cut into ${chunks.length} chunks`;
      const [a, b] = [ours(chunks), theirs(chunks)];
      const at = a.findIndex((event, i) => show(event) !== show(b[i]));
      return `${show(stream.text.replaceAll('|', '').replace('\uFEFF', '').slice(0, 40))}… ${where}, event ${at + 1}: ours ${show(a[at])}, eventsource-parser ${show(b[at])}`;
    });
  }
  const bytes = Buffer.from(STREAMS[1]?.text ?? '', 'utf8');
  const oursUs = microsPerCall(() => ours([bytes]), 2000);
  const theirsUs = microsPerCall(() => theirs([bytes]), 2000);
  return [
    {
      piece: 'SSE parsing',
      files: ['src/client/sse-parser.ts'],
      library: 'eventsource-parser',
      cases: tally.cases,
      disagreements: tally.disagreements,
      examples: tally.examples,
      measurements: [
        `${cuttings} cuttings of the ${STREAMS.length} streams compared`,
        `parsing the 4-event stream: ours ${oursUs.toFixed(1)} µs, eventsource-parser ${theirsUs.toFixed(1)} µs`,
      ],
      verdict:
        "keep ours: the same events on every cutting but one stream, where eventsource-parser does not carry an id on to later events (drover reads only event and data); an equal parser is no reason for a new dependency on ctl's start-up path, and it needs a TextDecoder in front for bytes",
      oursModule: 'client/sse-parser.js',
    },
  ];
}

/**
 * The chunkings sse-parser.test.ts feeds for one stream: whole, every
 * two-chunk split and one chunk per byte, every three-chunk split, or the
 * string pieces between '|'.
 * @param {string} text
 * @param {string} cut
 * @returns {(Buffer | string)[][]}
 */
function cuttingsOf(text, cut) {
  if (cut === 'bars') return [text.split('|')];
  const bytes = Buffer.from(text, 'utf8');
  if (cut === 'whole') return [[text]];
  /** @type {Buffer[][]} */
  const out = [];
  if (cut === 'two') {
    for (let at = 0; at <= bytes.length; at++) out.push([bytes.subarray(0, at), bytes.subarray(at)]);
    out.push([...bytes].map((b) => Buffer.from([b])));
    return out;
  }
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= bytes.length; j++) out.push([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
  }
  return out;
}
