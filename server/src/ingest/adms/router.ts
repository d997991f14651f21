import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { parseCommandReplies } from '@pkk/core';
import type { IngestDeps } from '../json-routes.ts';
import { cdataGet, cdataPost } from './cdata.ts';
import { acceptCommandResults, pollCommands } from './commands.ts';
import { exchangeOf, type TerminalExchange } from './exchange.ts';
import { announceExchange } from './liveness.ts';
import type { Outcome } from './outcome.ts';
import { sendText } from './reply.ts';
import { terminalAuth } from './terminal-auth.ts';

type Handler = (deps: IngestDeps, x: TerminalExchange) => Outcome | Promise<Outcome>;

const AWAITING = 'ERROR: terminal awaiting confirmation by an operator; nothing stored, send again later';

/**
 * Handles an authenticated terminal request: the handler commits what the terminal sent, then the
 * terminal is marked seen and new data announced, then 200 with the text reply. A failure anywhere
 * before the reply is a 5xx: the terminal keeps its data and retries.
 *
 * A terminal awaiting confirmation (terminal-auth.ts) gets `greeting` instead when the route has one:
 * requests that carry no data (the handshake, a poll, a ping) are answered as usual, without commands,
 * so that the terminal shows it reached the server and keeps calling while the operator looks at its
 * contact. Everything that carries data gets 403, so it stays on the terminal and is sent again once
 * confirmed (only a 200 lets a terminal move on): nothing is lost and nothing is stored. Neither marks
 * the terminal seen, so it counts as not installed yet (no offline finding, no live device event).
 */
function exchange(deps: IngestDeps, handler: Handler, timed: boolean, greeting?: Handler) {
  return async (req: Request, res: Response) => {
    const x = exchangeOf(req, deps.ctx.clock);
    if (!x.device.confirmed) {
      if (!greeting) return sendText(res, 403, AWAITING);
      return sendText(res, 200, (await greeting(deps, x)).reply);
    }
    const timer = timed ? deps.metrics.ingestBatchSeconds.startTimer({ channel: 'adms' }) : null;
    const outcome = await handler(deps, x);
    await announceExchange(deps, x, outcome.events, outcome.seq ?? null);
    sendText(res, 200, outcome.reply);
    timer?.();
  };
}

const nothingToDo: Handler = () => ({ reply: 'OK', events: [] });

/** Errors become plain text too; a body parser's 4xx keeps its status, anything else is a logged 500. */
function textErrors(deps: IngestDeps, limit: number): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? (err.status as number) : 500;
    if (status >= 500) {
      deps.ctx.log.error(
        { err, url: req.originalUrl },
        'ADMS request failed; nothing acknowledged, the terminal will retry',
      );
    }
    if (res.headersSent) return;
    if (status === 413) sendText(res, 413, `ERROR: body larger than ${limit} bytes`);
    else
      sendText(
        res,
        status,
        status >= 500 ? 'ERROR: not stored, retry later' : `ERROR: ${String(err?.message ?? 'bad request')}`,
      );
  };
}

/**
 * The ZKTeco ADMS ("iclock") push protocol, mounted at /iclock: terminals are HTTP clients that
 * upload punches and logs, poll for commands and report results. eSSL firmware calls the same
 * endpoints with `.aspx`. Bodies are read raw whatever the Content-Type (most terminals send none).
 */
export function admsRouter(deps: IngestDeps): Router {
  const router = Router();
  const limit = deps.ctx.policy.thresholds.ingest.maxBodyBytes;
  const body = express.raw({ type: () => true, limit });
  const auth = terminalAuth(deps);
  const paths = (name: string) => [`/${name}`, `/${name}.aspx`];

  router.use((_req, res, next) => {
    res.on('finish', () =>
      deps.metrics.ingestRequests.inc({ channel: 'adms', status: String(res.statusCode) }),
    );
    next();
  });
  router.get(paths('cdata'), auth, exchange(deps, cdataGet, false, cdataGet));
  router.post(paths('cdata'), auth, body, exchange(deps, cdataPost, true));
  router.get(paths('getrequest'), auth, exchange(deps, pollCommands, false, nothingToDo));
  router.post(
    paths('devicecmd'),
    auth,
    body,
    exchange(deps, (d, x) => acceptCommandResults(d, x, parseCommandReplies(x.body)), false),
  );
  router.get(paths('ping'), auth, exchange(deps, nothingToDo, false, nothingToDo));
  router.use((_req, res) => sendText(res, 404, 'ERROR: unknown iclock path'));
  router.use(textErrors(deps, limit));
  return router;
}
