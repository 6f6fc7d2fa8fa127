/**
 * A small fake of the GitHub API surface spark-patch uses (REST under /api/v3, GraphQL at
 * /api/graphql, as for GitHub Enterprise Server, so the real app reaches it through
 * GHE_HOST/GHE_PROTOCOL). Every request can be delayed by a simulated RTT, and every request
 * is recorded with start/end times so a benchmark can find the longest chain of sequential
 * round trips. In-memory, loopback only; used by the end-to-end benchmark and load test.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePull {
  number: number;
  title: string;
  body: string;
  headRef: string;
  baseRef: string;
  baseSha: string;
  /** Files at the PR head. */
  files: Map<string, string>;
  /** Paths the PR changes (relative to base). */
  changed: string[];
  /** The PR's unified diff (what compare returns). */
  diff: string;
  isCrossRepository?: boolean;
  maintainerCanModify?: boolean;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  pulls: FakePull[];
  /** login → role_name. Unlisted users are 'read'. */
  roles?: Record<string, string>;
  rttMs?: number;
  /** Raw `.github/spark.yml` of the repository (none by default). */
  config?: string;
  /** Other config files of the repository by path (the Action's `config` input). */
  configFiles?: Record<string, string>;
  /**
   * `POST /app/hook/deliveries/{id}/attempts`: the test re-sends that delivery (same guid and
   * payload) and returns the receiver's status code, as GitHub would.
   */
  redeliver?: (guid: string) => Promise<number>;
  /**
   * `/spark fix-ci`: the check runs and commit statuses of a commit (none by default), and
   * Actions job logs by job id, served behind a redirect as GitHub serves them.
   */
  checks?: (sha: string) => { runs: unknown[]; statuses?: unknown[] };
  jobLogs?: Map<number, string>;
  /** Issues (`/spark fix` or the label on an issue): the job branches from `defaultBranch`. */
  issues?: Array<{ number: number; title: string; body: string }>;
  /** The default branch and its files (default: `main`, no files). */
  defaultBranch?: { name: string; files: Map<string, string> };
}

/** One delivery attempt, as `GET /app/hook/deliveries` lists it. */
export interface FakeDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  status: string;
  event: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operation?: string;
  startedAt: number;
  endedAt: number;
  body?: unknown;
  /** A write GitHub counts against the content-creation limit (not token minting). */
  contentCreating?: boolean;
}

export interface FakeGitHub {
  /** e.g. "127.0.0.1:PORT" for GHE_HOST (with GHE_PROTOCOL=http). */
  host: string;
  baseUrl: string;
  requests: RecordedRequest[];
  /** Branch name → head sha. */
  heads: Map<string, string>;
  commits: Array<{ branch: string; oid: string; headline: string; files: string[] }>;
  /** Comments the app posted (as `BOT_LOGIN`): where (`number`, a thread's first comment) and when. */
  comments: Map<number, { body: string; kind: 'issue' | 'review'; number?: number; inReplyTo?: number; createdAt?: string }>;
  reviews: Array<{ pull: number; body: string; comments: unknown[] }>;
  /** Pull requests opened through the API (the issue flow's draft PR). */
  opened: Array<{ number: number; title: string; head: string; base: string; draft: boolean; body: string }>;
  /** Webhook delivery attempts the test reported (newest last). */
  deliveries: FakeDelivery[];
  /** The test sent a delivery: record it as GitHub's delivery log would. */
  recordDelivery(guid: string, statusCode: number, event: string, redelivery?: boolean): void;
  /** Simulate someone pushing to the branch (the next commit with the old head gets STALE_DATA). */
  push(branch: string, files?: string[]): string;
  reset(): void;
  close(): Promise<void>;
}

/** The app's slug: `GET /app` names it, and its comments are listed as `spark-patch[bot]`'s. */
const FAKE_APP_SLUG = 'spark-patch';

function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const rtt = options.rttMs ?? 0;
  const { owner, repo } = options;
  const heads = new Map<string, string>();
  /** Commit → its parent and the files it changed, for JSON compares. */
  const parents = new Map<string, { parent: string; files: string[]; message?: string }>();
  const pulls = new Map<number, FakePull & { headSha: string }>();
  for (const pull of options.pulls) {
    const headSha = sha(`${pull.headRef}:0`);
    heads.set(pull.headRef, headSha);
    pulls.set(pull.number, { ...pull, headSha });
  }
  const state: Omit<FakeGitHub, 'host' | 'baseUrl' | 'close' | 'push' | 'reset' | 'deliveries' | 'recordDelivery'> = {
    requests: [],
    heads,
    commits: [],
    comments: new Map(),
    reviews: [],
    opened: [],
  };
  const defaultBranch = options.defaultBranch ?? { name: 'main', files: new Map<string, string>() };
  const defaultHead = sha(`${defaultBranch.name}:default`);
  heads.set(defaultBranch.name, defaultHead);
  let nextId = 1000;
  const deliveries: FakeDelivery[] = [];
  const recordDelivery = (guid: string, statusCode: number, event: string, redelivery = false): void => {
    deliveries.push({ id: deliveries.length + 1, guid, delivered_at: new Date().toISOString(), redelivery, status_code: statusCode, status: statusCode < 300 ? 'OK' : 'failed', event });
  };
  let pushes = 0;
  /** Files at commits that are no longer a branch head (GitHub keeps old commits readable). */
  const history = new Map<string, Map<string, string>>();
  history.set(defaultHead, defaultBranch.files);

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const pullFor = (number: number) => pulls.get(number);
  /** A config file on the default branch, as the pin query (`HEAD:<path>`) and the contents API read it. */
  const configAt = (path: string): string | undefined => (path === '.github/spark.yml' ? options.config : options.configFiles?.[path]);
  const pullByBranch = (branch: string) => [...pulls.values()].find((p) => p.headRef === branch);

  function graphql(query: string, variables: Record<string, any>): { status: number; body: unknown } {
    if (query.includes('PinPullRequest')) {
      const pull = pullFor(variables.number);
      if (!pull) return { status: 200, body: { data: { repository: { nameWithOwner: `${owner}/${repo}`, pullRequest: null } } } };
      const config = configAt(String(variables.configExpr).replace(/^HEAD:/, ''));
      return {
        status: 200,
        body: {
          data: {
            repository: {
              nameWithOwner: `${owner}/${repo}`,
              config: config === undefined ? null : { text: config },
              owner: { repository: null },
              pullRequest: {
                number: pull.number,
                title: pull.title,
                body: pull.body,
                state: 'OPEN',
                isDraft: false,
                headRefName: pull.headRef,
                headRefOid: heads.get(pull.headRef),
                baseRefName: pull.baseRef,
                baseRefOid: pull.baseSha,
                isCrossRepository: pull.isCrossRepository ?? false,
                maintainerCanModify: pull.maintainerCanModify ?? false,
                headRepository: { nameWithOwner: `${owner}/${repo}` },
                author: { login: 'octocat' },
                files: {
                  totalCount: pull.changed.length,
                  nodes: pull.changed.slice(0, 100).map((path) => ({ path, additions: 1, deletions: 1, changeType: 'MODIFIED' })),
                },
              },
            },
          },
        },
      };
    }
    if (query.includes('IssueBranchSnapshot')) {
      const issue = options.issues?.find((i) => i.number === variables.number);
      const branchHead = heads.get(String(variables.branch));
      const pull = state.opened.find((p) => p.head === variables.branch);
      return {
        status: 200,
        body: {
          data: {
            repository: {
              nameWithOwner: `${owner}/${repo}`,
              defaultBranchRef: { name: defaultBranch.name, target: { oid: heads.get(defaultBranch.name) } },
              ref: branchHead === undefined ? null : { target: { oid: branchHead } },
              pullRequests: { nodes: pull ? [{ number: pull.number, url: `http://github.test/${owner}/${repo}/pull/${pull.number}`, isDraft: pull.draft, isCrossRepository: false }] : [] },
              issue: issue ? { ...issue, state: 'OPEN', url: `http://github.test/${owner}/${repo}/issues/${issue.number}` } : null,
            },
          },
        },
      };
    }
    if (query.includes('ReadBlobs') || query.includes('ReadInstructionFiles')) {
      const repository: Record<string, unknown> = { id: 'R_1' };
      for (const [key, value] of Object.entries(variables)) {
        const m = /^e(\d+)$/.exec(key);
        if (!m) continue;
        const [commit = '', ...rest] = String(value).split(':');
        const path = rest.join(':');
        const pull = [...pulls.values()].find((p) => heads.get(p.headRef) === commit || p.headSha === commit);
        // An older commit (a job pinned before another job pushed) still reads its own files.
        const text = (history.get(commit) ?? pull?.files)?.get(path);
        repository[`f${m[1]}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(text) };
      }
      return { status: 200, body: { data: { repository } } };
    }
    if (query.includes('BlobOids')) {
      // Git-like blob ids: equal contents, equal id.
      const repository: Record<string, unknown> = { id: 'R_1' };
      for (const [key, value] of Object.entries(variables)) {
        const m = /^e(\d+)$/.exec(key);
        if (!m) continue;
        const [commit = '', ...rest] = String(value).split(':');
        const pull = [...pulls.values()].find((p) => heads.get(p.headRef) === commit || p.headSha === commit);
        const text = (history.get(commit) ?? pull?.files)?.get(rest.join(':'));
        repository[`o${m[1]}`] = text === undefined ? null : { oid: sha(`blob:${text}`) };
      }
      return { status: 200, body: { data: { repository } } };
    }
    if (query.includes('RecentBranchCommits')) {
      const branch = String(variables.ref).replace(/^refs\/heads\//, '');
      const nodes: unknown[] = [];
      for (let at = heads.get(branch); at && nodes.length < 20; at = parents.get(at)?.parent) {
        const entry = parents.get(at);
        nodes.push({ oid: at, url: `http://github.test/${owner}/${repo}/commit/${at}`, message: entry?.message ?? '', parents: { nodes: entry ? [{ oid: entry.parent }] : [] } });
      }
      return { status: 200, body: { data: { repository: { ref: heads.has(branch) ? { target: { history: { nodes } } } : null } } } };
    }
    if (query.includes('CreateCommitOnBranch')) {
      const input = variables.input;
      const branch = input.branch.branchName as string;
      const head = heads.get(branch);
      if (head !== input.expectedHeadOid) {
        return {
          status: 200,
          body: {
            data: { createCommitOnBranch: null },
            errors: [{ type: 'STALE_DATA', path: ['createCommitOnBranch'], message: `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.` }],
          },
        };
      }
      const pull = pullByBranch(branch);
      if (pull && head) history.set(head, new Map(pull.files));
      // A branch that is not a PR head (the issue flow's): its files follow from its parent's.
      const files = pull?.files ?? new Map(history.get(head ?? '') ?? []);
      for (const a of input.fileChanges.additions ?? []) files.set(a.path, Buffer.from(a.contents, 'base64').toString('utf8'));
      for (const d of input.fileChanges.deletions ?? []) files.delete(d.path);
      const oid = sha(`${branch}:${head}:commit`);
      if (!pull) history.set(oid, files);
      parents.set(oid, {
        parent: head ?? '',
        message: [input.message.headline, input.message.body].filter(Boolean).join('\n\n'),
        files: [...(input.fileChanges.additions ?? []).map((a: any) => a.path), ...(input.fileChanges.deletions ?? []).map((d: any) => d.path)],
      });
      heads.set(branch, oid);
      if (pull) pull.headSha = oid;
      state.commits.push({
        branch,
        oid,
        headline: input.message.headline,
        files: [...(input.fileChanges.additions ?? []).map((a: any) => a.path), ...(input.fileChanges.deletions ?? []).map((d: any) => d.path)],
      });
      return { status: 200, body: { data: { createCommitOnBranch: { commit: { oid, url: `http://github.test/${owner}/${repo}/commit/${oid}` } } } } };
    }
    return { status: 200, body: { errors: [{ message: 'fake GitHub: unknown operation' }] } };
  }

  async function route(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method ?? 'GET';
    const raw = method === 'GET' ? '' : await readBody(req);
    const body = raw ? JSON.parse(raw) : undefined;
    record.body = body;
    const repoPrefix = `/repos/${owner}/${repo}`;
    let m: RegExpExecArray | null;

    record.contentCreating = method !== 'GET' && method !== 'HEAD' && !path.startsWith('/app/');
    if (method === 'POST' && (path === '/api/graphql' || path === '/graphql')) {
      record.operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1];
      record.contentCreating = /^\s*mutation\b/.test(body.query);
      const answer = graphql(body.query, body.variables ?? {});
      return json(res, answer.status, answer.body);
    }
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return json(res, 201, { token: `ghs_fake${m[1]}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: 'all' });
    }
    if (method === 'GET' && path === '/app') return json(res, 200, { id: 1, slug: FAKE_APP_SLUG, name: 'Spark Patch' });
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/(issues|pulls)/(\\d+)/comments$`).exec(path))) {
      // The app's own comments, oldest first, one page.
      const kind = m[1] === 'issues' ? 'issue' : 'review';
      const page = [...state.comments.entries()]
        .filter(([, c]) => c.kind === kind && c.number === Number(m![2]))
        .map(([id, c]) => ({
          id,
          body: c.body,
          user: { login: `${FAKE_APP_SLUG}[bot]`, type: 'Bot' },
          html_url: `http://github.test/${owner}/${repo}/pull/${m![2]}#${kind === 'issue' ? 'issuecomment' : 'discussion_r'}-${id}`,
          created_at: c.createdAt,
          ...(c.inReplyTo !== undefined && { in_reply_to_id: c.inReplyTo }),
        }));
      return json(res, 200, page);
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/commits/([0-9a-f]{40})$`).exec(path))) {
      const entry = parents.get(m[1]!);
      if (!entry) return json(res, 404, { message: 'No commit found for SHA' });
      const files = entry.files.map((filename) => ({ filename, status: 'modified', patch: '@@ -1 +1 @@' }));
      return json(res, 200, { sha: m[1], html_url: `http://github.test/${owner}/${repo}/commit/${m[1]}`, commit: { message: entry.message ?? '' }, parents: [{ sha: entry.parent }], files });
    }
    if (method === 'GET' && path === '/app/hook/deliveries') {
      // Newest first, `per_page` a page, `cursor` = the id to continue below.
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const below = Number(url.searchParams.get('cursor') ?? Infinity);
      const page = deliveries.filter((d) => d.id < below).reverse().slice(0, perPage);
      const last = page.at(-1);
      const more = last !== undefined && deliveries.some((d) => d.id < last.id);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (more) headers.link = `<http://${req.headers.host}/api/v3/app/hook/deliveries?per_page=${perPage}&cursor=${last.id}>; rel="next"`;
      res.writeHead(200, headers);
      res.end(JSON.stringify(page));
      return;
    }
    if (method === 'POST' && (m = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path))) {
      const original = deliveries.find((d) => d.id === Number(m![1]));
      if (!original || !options.redeliver) return json(res, 404, { message: 'Not Found' });
      json(res, 202, {});
      // GitHub answers first and delivers afterwards.
      void options.redeliver(original.guid).then(
        (status) => recordDelivery(original.guid, status, original.event, true),
        () => recordDelivery(original.guid, 0, original.event, true),
      );
      return;
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/collaborators/([^/]+)/permission$`).exec(path))) {
      const role = options.roles?.[decodeURIComponent(m[1]!)] ?? 'read';
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return json(res, 200, { permission, role_name: role, user: { login: m[1] } });
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/contents/(.+)$`).exec(path))) {
      // Raw media type, as the config loader asks for it.
      const text = url.searchParams.has('ref') ? undefined : configAt(decodeURIComponent(m[1]!));
      if (text === undefined) return json(res, 404, { message: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      return void res.end(text);
    }
    if (method === 'GET' && /\/contents\//.test(path)) return json(res, 404, { message: 'Not Found' });
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/commits/([0-9a-f]+)/(check-runs|status|check-suites)$`).exec(path))) {
      const checks = options.checks?.(m[1] as string) ?? { runs: [] };
      if (m[2] === 'check-runs') return json(res, 200, { total_count: checks.runs.length, check_runs: checks.runs });
      if (m[2] === 'status') return json(res, 200, { state: 'pending', statuses: checks.statuses ?? [] });
      return json(res, 200, { total_count: 0, check_suites: [] });
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/actions/jobs/(\\d+)/logs$`).exec(path))) {
      res.writeHead(302, { location: `http://${req.headers.host}/_job-logs/${m[1]}` });
      return void res.end();
    }
    if (method === 'GET' && (m = /^\/_job-logs\/(\d+)$/.exec(path))) {
      const text = options.jobLogs?.get(Number(m[1]));
      if (text === undefined) return json(res, 404, { message: 'Not Found' });
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
      return void res.end(text);
    }
    if (method === 'POST' && path === `${repoPrefix}/git/refs`) {
      const branch = String(body.ref).replace(/^refs\/heads\//, '');
      if (heads.has(branch)) return json(res, 422, { message: 'Reference already exists' });
      heads.set(branch, body.sha);
      return json(res, 201, { ref: body.ref, object: { sha: body.sha, type: 'commit' } });
    }
    if (method === 'POST' && path === `${repoPrefix}/pulls`) {
      const number = 100 + state.opened.length;
      state.opened.push({ number, title: body.title, head: body.head, base: body.base, draft: body.draft === true, body: body.body ?? '' });
      return json(res, 201, { number, html_url: `http://github.test/${owner}/${repo}/pull/${number}`, draft: body.draft === true });
    }
    if (method === 'GET' && new RegExp(`^${repoPrefix}/pulls/\\d+/reviews$`).test(path)) return json(res, 200, []);
    if (method === 'POST' && /\/reactions$/.test(path)) return json(res, 201, { id: nextId++, content: body.content });
    if (method === 'POST' && (m = new RegExp(`^${repoPrefix}/issues/(\\d+)/comments$`).exec(path))) {
      const id = nextId++;
      state.comments.set(id, { body: body.body, kind: 'issue', number: Number(m[1]), createdAt: new Date().toISOString() });
      return json(res, 201, { id, html_url: `http://github.test/${owner}/${repo}/issues/${m[1]}#issuecomment-${id}`, body: body.body });
    }
    if (method === 'PATCH' && (m = new RegExp(`^${repoPrefix}/(issues|pulls)/comments/(\\d+)$`).exec(path))) {
      const id = Number(m[2]);
      state.comments.set(id, { ...state.comments.get(id), body: body.body, kind: m[1] === 'issues' ? 'issue' : 'review' });
      return json(res, 200, { id, body: body.body });
    }
    if (method === 'DELETE' && (m = new RegExp(`^${repoPrefix}/(issues|pulls)/comments/(\\d+)$`).exec(path))) {
      state.comments.delete(Number(m[2]));
      res.writeHead(204).end();
      return;
    }
    if (method === 'POST' && (m = new RegExp(`^${repoPrefix}/pulls/(\\d+)/comments/(\\d+)/replies$`).exec(path))) {
      const id = nextId++;
      state.comments.set(id, { body: body.body, kind: 'review', number: Number(m[1]), inReplyTo: Number(m[2]), createdAt: new Date().toISOString() });
      return json(res, 201, { id, html_url: `http://github.test/${owner}/${repo}/pull/${m[1]}#discussion_r${id}`, body: body.body });
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/git/trees/([0-9a-f]+)$`).exec(path))) {
      const pull = [...pulls.values()].find((p) => p.headSha === m![1] || heads.get(p.headRef) === m![1]);
      const tree = [...(history.get(m[1]!) ?? pull?.files ?? new Map<string, string>()).keys()].map((p) => ({ path: p, mode: '100644', type: 'blob', sha: sha(p), size: 1 }));
      return json(res, 200, { sha: m[1], tree, truncated: false });
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPrefix}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)$`).exec(path))) {
      if (!String(req.headers.accept ?? '').includes('diff')) {
        // JSON compare between two commits of a branch: walk the head's parents to the base.
        const files = new Set<string>();
        let at = m[2]!;
        while (at !== m[1] && parents.has(at)) {
          parents.get(at)!.files.forEach((f) => files.add(f));
          at = parents.get(at)!.parent;
        }
        const status = m[1] === m[2] ? 'identical' : at === m[1] ? 'ahead' : 'diverged';
        return json(res, 200, { status, ahead_by: 0, behind_by: 0, files: [...files].map((filename) => ({ filename, status: 'modified', patch: '@@ -1 +1 @@' })) });
      }
      const pull = [...pulls.values()].find((p) => p.baseSha === m![1]);
      res.writeHead(200, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
      res.end(pull?.diff ?? '');
      return;
    }
    if (method === 'POST' && (m = new RegExp(`^${repoPrefix}/pulls/(\\d+)/reviews$`).exec(path))) {
      state.reviews.push({ pull: Number(m[1]), body: body.body, comments: body.comments ?? [] });
      const id = nextId++;
      return json(res, 200, { id, html_url: `http://github.test/${owner}/${repo}/pull/${m[1]}#pullrequestreview-${id}`, state: 'COMMENTED' });
    }
    // A review command looks up the app's own login and Spark's earlier reviews and review comments (none here).
    if (method === 'GET' && path === '/app') return json(res, 200, { id: 1, slug: 'spark-patch', name: 'Spark Patch' });
    if (method === 'GET' && new RegExp(`^${repoPrefix}/pulls/(\\d+)/(reviews|comments)$`).test(path)) return json(res, 200, []);
    return json(res, 404, { message: `fake GitHub: no route for ${method} ${path}` });
  }

  const server = createServer((req, res) => {
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', startedAt: performance.now(), endedAt: 0 };
    state.requests.push(record);
    const respond = () =>
      route(req, res, record)
        .catch((error: unknown) => json(res, 500, { message: String(error) }))
        .finally(() => (record.endedAt = performance.now()));
    // The whole simulated RTT is spent before the request is handled, so a request's
    // effects are visible only after its latency, as with the real API.
    if (rtt > 0) setTimeout(() => void respond(), rtt);
    else void respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    deliveries,
    recordDelivery,
    host: `127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/api/v3`,
    push(branch: string, files: string[] = []) {
      const oid = sha(`${branch}:push:${++pushes}`);
      parents.set(oid, { parent: heads.get(branch) ?? '', files });
      heads.set(branch, oid);
      return oid;
    },
    reset() {
      state.requests.length = 0;
      state.commits.length = 0;
      state.reviews.length = 0;
      state.opened.length = 0;
      state.comments.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Longest chain of requests where each starts after the previous one ended, within [from, to]. */
export function longestSequentialChain(requests: readonly RecordedRequest[], from = -Infinity, to = Infinity): number {
  const inWindow = requests.filter((r) => r.startedAt >= from && r.endedAt <= to && r.endedAt > 0).sort((a, b) => a.startedAt - b.startedAt);
  const depth = new Map<RecordedRequest, number>();
  let best = 0;
  for (const r of inWindow) {
    let d = 1;
    for (const p of inWindow) {
      if (p.endedAt <= r.startedAt) d = Math.max(d, (depth.get(p) ?? 1) + 1);
    }
    depth.set(r, d);
    best = Math.max(best, d);
  }
  return best;
}
