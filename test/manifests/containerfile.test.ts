import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OPERATOR_NODE_FLAGS } from '../../core/cli/node-flags.ts';
import { findObject, loadManifests, REPO_ROOT } from './manifest-files.ts';

/** One instruction of the Containerfile: `COPY a b` → { op: 'COPY', args: 'a b' }. */
interface Instruction { op: string; args: string }

/** Instructions in order; comments dropped, `\` continuations joined (no parser beyond that is needed). */
function instructions(text: string): Instruction[] {
  const joined = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  return joined.split('\n').map((l) => l.trim()).filter((l) => l !== '').map((line) => {
    const space = line.search(/\s/);
    return { op: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
  });
}

const file = instructions(readFileSync(join(REPO_ROOT, 'Containerfile'), 'utf8'));
const only = (op: string): Instruction[] => file.filter((i) => i.op === op);
const last = (op: string): Instruction => {
  const found = only(op).at(-1);
  if (found === undefined) throw new Error(`the Containerfile has no ${op}`);
  return found;
};
/** ENTRYPOINT and CMD in exec (JSON) form: the shell form would put `sh -c` in front of the command. */
const execForm = (op: string): string[] => JSON.parse(last(op).args) as string[];

const workdir = last('WORKDIR').args;
/** COPY sources (repo paths) and where each lands in the image (absolute). */
const copies = only('COPY').map(({ args }) => {
  const parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
  const dest = parts.pop()!;
  const absolute = dest.startsWith('/') ? dest : posix.join(workdir, dest);
  return parts.map((source) => ({ source, dest: dest.endsWith('/') ? `${absolute.replace(/\/$/, '')}/` : absolute }));
}).flat();

/** The repo file an absolute image path comes from, through the COPY that put it there. */
function sourceOf(imagePath: string): string | undefined {
  for (const { source, dest } of copies) {
    if (dest.endsWith('/') && source.endsWith('/') && imagePath.startsWith(dest)) return join(source, imagePath.slice(dest.length));
    if (dest.endsWith('/') && !source.endsWith('/') && imagePath === dest + posix.basename(source)) return source;
    if (imagePath === dest) return source;
  }
  return undefined;
}

/** The build context as .containerignore leaves it: `*`, then `!path` re-inclusions, then exclusions. */
const ignoreLines = readFileSync(join(REPO_ROOT, '.containerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const strip = (p: string) => p.replace(/^!/, '').replace(/\/$/, '');
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
function inContext(path: string): boolean {
  const p = path.replace(/\/$/, '');
  const included = ignoreLines.filter((l) => l.startsWith('!')).some((l) => under(p, strip(l)));
  const excluded = ignoreLines.filter((l) => !l.startsWith('!') && l !== '*').some((l) => under(p, strip(l)));
  return included && !excluded;
}
/** Whether a repo file ends up in the image: copied by a COPY and in the build context. */
const inImage = (path: string): boolean => inContext(path) && copies.some(({ source }) => under(path, source.replace(/\/$/, '')));

interface Deployment { spec: { template: { spec: { containers: Array<{ command: string[]; args: string[] }> } } } }
const deployment = findObject<Deployment>(loadManifests(), 'Deployment', 'insights-operator', 'openshift-insights');
const container = deployment.spec.template.spec.containers[0]!;

describe('Containerfile', () => {
  it('builds on an official Node 24 image, pinned by tag', () => {
    expect(only('FROM')).toHaveLength(1);
    expect(last('FROM').args).toMatch(/^docker\.io\/library\/node:24(\.\d+){0,2}(-[a-z0-9]+)?$/);
  });

  it('copies only what exists, and the build context lets it through', () => {
    expect(copies.length).toBeGreaterThan(0);
    for (const { source } of copies) {
      expect(existsSync(join(REPO_ROOT, source)), `${source} does not exist`).toBe(true);
      expect(source.endsWith('/') === statSync(join(REPO_ROOT, source)).isDirectory(), `${source}: a directory is written with a trailing /`).toBe(true);
      expect(inContext(source), `${source} is left out of the build context by .containerignore`).toBe(true);
    }
    expect(ignoreLines[0]).toBe('*');
    expect(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, '.containerignore'), 'utf8'));
  });

  it('installs production dependencies only, with the lockfile', () => {
    expect(only('RUN').some((r) => /\bnpm ci\b.*--omit=dev/.test(r.args))).toBe(true);
    expect(copies.map((c) => c.source)).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
  });

  it('runs as a numeric non-root user, so the kubelet can check runAsNonRoot', () => {
    const user = last('USER').args.split(':')[0]!;
    expect(user).toMatch(/^\d+$/);
    expect(Number(user)).toBeGreaterThan(0);
  });

  it('ENTRYPOINT + CMD are the Deployment\'s command + args', () => {
    expect([...execForm('ENTRYPOINT'), ...execForm('CMD')]).toEqual([...container.command, ...container.args]);
  });

  it('the entry point is core/cli/main.ts under node with the operator\'s flags, and the config it names is config/pod.yaml', () => {
    const [node, ...rest] = execForm('ENTRYPOINT');
    expect(node).toBe('node');
    expect(rest.slice(0, -1)).toEqual(OPERATOR_NODE_FLAGS);
    expect(sourceOf(rest.at(-1)!)).toBe(join('core/', 'cli/main.ts'));
    const config = execForm('CMD').find((a) => a.startsWith('--config='))!.slice('--config='.length);
    expect(sourceOf(config)).toBe('config/pod.yaml');
  });

  it('everything the operator loads at run time is in the image, and no devDependency is among it', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const cli = readdirSync(join(REPO_ROOT, 'core/cli'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== 'main.ts').map((f) => join(REPO_ROOT, 'core/cli', f));
    const plugins = readdirSync(join(REPO_ROOT, 'plugins')).map((name) => {
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'plugins', name, 'plugin.json'), 'utf8')) as { entry: string };
      return join(REPO_ROOT, 'plugins', name, manifest.entry);
    });
    const script = fileURLToPath(new URL('./runtime-imports.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script, ...cli, ...plugins], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    const edges = JSON.parse(stdout) as Array<[string, string]>;
    expect(edges.length).toBeGreaterThan(100);

    const ours = (url: string) => url.startsWith('file:') && !fileURLToPath(url).includes('/node_modules/');
    const problems = new Set<string>();
    const loaded = new Set<string>();
    for (const [parent, url] of edges) {
      if (url.startsWith('node:')) continue;
      if (ours(url)) {
        const path = relative(REPO_ROOT, fileURLToPath(url));
        loaded.add(path);
        if (!inImage(path)) problems.add(`${path} is loaded but not in the image`);
      } else if (ours(parent)) {
        // A package our code imports must be a production dependency; its own imports are npm's business.
        const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(fileURLToPath(url))?.[1];
        if (name === undefined || pkg.dependencies[name] === undefined) problems.add(`${relative(REPO_ROOT, fileURLToPath(parent))} imports ${name ?? url}, not a production dependency`);
      }
    }
    // Files read by path next to the code (package.json, the PrometheusRule template, schemas) must ship too.
    for (const path of loaded) {
      // Files only: a directory (the package root, say) is where paths start, not something read.
      for (const match of readFileSync(join(REPO_ROOT, path), 'utf8').matchAll(/new URL\('([^']*[^'/])', import\.meta\.url\)/g)) {
        const target = relative(REPO_ROOT, join(REPO_ROOT, path, '..', match[1]!));
        if (!inImage(target)) problems.add(`${path} reads ${target}, which is not in the image`);
      }
    }
    expect([...problems]).toEqual([]);
    expect(loaded).toContain('plugins/clusterconfig/index.ts');
  });
});
