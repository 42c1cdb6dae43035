/**
 * A minimal XML-RPC client for supervisord's unix socket: one HTTP POST per
 * call, no supervisorctl (whose Python start-up costs ~200 ms per poll).
 */
import http from 'node:http';

/**
 * @param {string | number | boolean} value
 */
function encodeParam(value) {
  if (typeof value === 'number') return `<value><int>${value}</int></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  const text = String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<value><string>${text}</string></value>`;
}

/**
 * @param {string} socketPath
 * @param {string} method
 * @param {(string | number | boolean)[]} [params]
 * @returns {Promise<string>}
 */
export function call(socketPath, method, params = [], timeoutMs = 10_000) {
  const body =
    `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` + params.map((p) => `<param>${encodeParam(p)}</param>`).join('') + `</params></methodCall>`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        path: '/RPC2',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`${method}: HTTP ${res.statusCode}`));
          if (text.includes('<fault>')) return reject(new Error(`${method}: fault ${text.slice(0, 300)}`));
          resolve(text);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Every <struct> in a response as a plain object of its scalar members.
 * @param {string} xml
 * @returns {Record<string, string | number>[]}
 */
export function parseStructs(xml) {
  const structs = [];
  const structRe = /<struct>([\s\S]*?)<\/struct>/g;
  const memberRe = /<member>\s*<name>([^<]*)<\/name>\s*<value>\s*(?:<(\w+)>([^<]*)<\/\2>|<\w+\/>|([^<]*))\s*<\/value>\s*<\/member>/g;
  for (const s of xml.matchAll(structRe)) {
    /** @type {Record<string, string | number>} */
    const obj = {};
    for (const m of (s[1] ?? '').matchAll(memberRe)) {
      const [, name, type, text, bare] = m;
      const raw = text ?? bare ?? '';
      obj[name ?? ''] = type === 'int' || type === 'i4' ? Number(raw) : raw;
    }
    structs.push(obj);
  }
  return structs;
}
