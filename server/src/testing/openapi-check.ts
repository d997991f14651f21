import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../openapi/document.ts';

/** A reply of the api as it went over the wire. */
export interface RecordedResponse {
  method: string;
  /** Path and query as requested. */
  url: string;
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** Paths the document describes; the web app, socket.io and the ADMS protocol (/iclock) are not REST. */
const DESCRIBED = /^\/(?:api\/|healthz$|readyz$|metrics$)/;

/**
 * Records every reply of an api server (method, URL, status, Content-Type, body), in the order
 * they finish. Runs before the app sees the request, so it sees what any route sends.
 */
export function recordResponses(server: Server): RecordedResponse[] {
  const recorded: RecordedResponse[] = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (!DESCRIBED.test(url.split('?')[0]!)) return;
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (typeof chunk === 'string')
        chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') keep(args[0], args[1]);
      return end(...args);
    }) as ServerResponse['end'];
    res.on('finish', () => {
      const type = res.getHeader('content-type');
      recorded.push({
        method: req.method ?? 'GET',
        url,
        status: res.statusCode,
        contentType: typeof type === 'string' ? type : undefined,
        body: Buffer.concat(chunks),
      });
    });
  });
  return recorded;
}

type Json = Record<string, unknown>;

/**
 * A copy of a schema in which every object without a word on other properties allows none: a reply
 * that grows a field the document does not name is drift too. (The document itself leaves them open,
 * so that generated clients keep working when a field is added.)
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json))
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, closed(s)]))
        : closed(v);
  if (
    out.type === 'object' &&
    out.properties &&
    !('additionalProperties' in out) &&
    !('unevaluatedProperties' in out)
  )
    out.additionalProperties = false;
  return out;
}

export interface DocOperation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

/**
 * Finds the operation a request is for: its path template (static paths before those with
 * parameters, so that `/a/b` wins over `/a/{x}`) and the operation of its method (HEAD is GET's).
 */
export function operationFinder(paths: Record<string, Record<string, DocOperation>>) {
  const matchers = Object.keys(paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  return (
    method: string,
    url: string,
  ): { template: string; method: string; op: DocOperation | undefined } | undefined => {
    const path = url.split('?')[0]!;
    const template = matchers.find((m) => m.regex.test(path))?.template;
    if (!template) return undefined;
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    return { template, method: m, op: paths[template]![m] };
  };
}

const NOT_JSON = Symbol('not JSON');
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}

/** Checks replies against the OpenAPI document: each must be a documented status of a documented operation, its body of the documented type and schema. */
export function openApiChecker(doc: Json = openApiDocument() as unknown as Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  addFormats(ajv);
  const components = closed(doc.components);
  const paths = doc.paths as Record<string, Record<string, DocOperation>>;
  const find = operationFinder(paths);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: unknown) => {
    let v = compiled.get(key);
    if (!v) compiled.set(key, (v = ajv.compile({ ...(closed(schema) as Json), components })));
    return v;
  };

  return function check(r: RecordedResponse): string | null {
    const path = r.url.split('?')[0]!;
    const what = `${r.method} ${path} → ${r.status}`;
    const found = find(r.method, path);
    if (!found?.op) {
      // No such operation: the one reply allowed is the API's 404 in the error envelope.
      if (r.status === 404 && validator('#404', { $ref: '#/components/schemas/Error' })(parseJson(r.body)))
        return null;
      return `${what}: not in the OpenAPI document (add the operation to server/src/openapi/document.ts)`;
    }
    const { template, method, op } = found;
    const reply = op.responses[String(r.status)];
    if (!reply)
      return `${what}: status not documented for ${method.toUpperCase()} ${template} (documented: ${Object.keys(op.responses).join(', ')})`;
    if (!reply.content)
      return r.body.length ? `${what}: documented without a body, but sent ${r.body.length} bytes` : null;
    if (r.method === 'HEAD') return null;
    const mediaType = (r.contentType ?? '').split(';')[0]!.trim();
    const media = reply.content[mediaType];
    if (!media)
      return `${what}: Content-Type ${r.contentType ?? '(none)'}, documented: ${Object.keys(reply.content).join(', ')}`;
    if (mediaType !== 'application/json') return null;
    const body = parseJson(r.body);
    if (body === NOT_JSON) return `${what}: body is not JSON`;
    const validate = validator(`${method} ${template} ${r.status}`, media.schema);
    if (validate(body)) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
      );
    return `${what}: body does not match the document: ${errors.join('; ')}; body: ${r.body.toString('utf8').slice(0, 300)}`;
  };
}

/** Every recorded reply that the document does not describe, one line each (none: no drift). */
export function driftOf(recorded: readonly RecordedResponse[], check = openApiChecker()): string[] {
  const problems = new Set<string>();
  for (const r of recorded) {
    const p = check(r);
    if (p) problems.add(p);
  }
  return [...problems];
}
