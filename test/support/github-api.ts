import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server answering the few GitHub REST endpoints the preview action uses, with the
// shapes of GitHub's REST reference (issue comments, deployments, deployment statuses). It keeps
// state and records every request for assertions.

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

export interface GitHubApi {
  url: string;
  requests: RecordedRequest[];
  comments: { id: number; issue: number; body: string }[];
  deployments: { id: number; environment: string; ref: string; statuses: string[] }[];
  stop(): Promise<void>;
}

export async function startGitHubApi(): Promise<GitHubApi> {
  let nextId = 1000;
  const api: Omit<GitHubApi, 'url' | 'stop'> = { requests: [], comments: [], deployments: [] };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>);
      api.requests.push({ method: req.method ?? '', path: url.pathname + url.search, body, authorization: req.headers.authorization }); // prettier-ignore
      const send = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(value));
      };
      const path = url.pathname;
      let m: RegExpExecArray | null;
      if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
        const issue = Number(m[1]);
        if (req.method === 'GET') return send(200, api.comments.filter((c) => c.issue === issue).map(({ id, body: b }) => ({ id, body: b }))); // prettier-ignore
        const comment = { id: ++nextId, issue, body: String(body?.body ?? '') };
        api.comments.push(comment);
        return send(201, { id: comment.id, body: comment.body });
      }
      if (
        (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path)) &&
        req.method === 'PATCH'
      ) {
        const comment = api.comments.find((c) => c.id === Number(m![1]));
        if (comment === undefined) return send(404, { message: 'Not Found' });
        comment.body = String(body?.body ?? '');
        return send(200, { id: comment.id, body: comment.body });
      }
      if (/^\/repos\/[^/]+\/[^/]+\/deployments$/.test(path)) {
        if (req.method === 'GET') {
          const environment = url.searchParams.get('environment');
          return send(200, api.deployments.filter((d) => environment === null || d.environment === environment).map((d) => ({ id: d.id, environment: d.environment, ref: d.ref }))); // prettier-ignore
        }
        const deployment = { id: ++nextId, environment: String(body?.environment), ref: String(body?.ref), statuses: [] }; // prettier-ignore
        api.deployments.push(deployment);
        return send(201, { id: deployment.id, environment: deployment.environment, ref: deployment.ref }); // prettier-ignore
      }
      if (
        (m = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(path)) &&
        req.method === 'POST'
      ) {
        const deployment = api.deployments.find((d) => d.id === Number(m![1]));
        if (deployment === undefined) return send(404, { message: 'Not Found' });
        deployment.statuses.push(String(body?.state));
        return send(201, { id: ++nextId, state: body?.state });
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...api,
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
