import { describe, expect, it } from 'vitest';
import { declaredPathProblem, recordPathProblem } from '../../../plugin-api/testing/declared-paths.ts';

describe('declared paths', () => {
  it('accepts relative paths and refuses absolute, "..", "." and empty segments', () => {
    expect(declaredPathProblem('config/pod/{namespace}/{name}.json')).toBeUndefined();
    expect(declaredPathProblem('/config/x.json')).toMatch(/is absolute/);
    expect(declaredPathProblem('config/../x.json')).toMatch(/contains "\.\."/);
    expect(declaredPathProblem('config/./x.json')).toMatch(/empty segments/);
    expect(declaredPathProblem('config//x.json')).toMatch(/empty segments/);
    expect(declaredPathProblem('config\\x.json')).toMatch(/Windows path/);
  });

  it('matches records by placeholder (one segment or part of one) and by the marshaller\'s extension', () => {
    const paths = ['config/pod/{namespace}/logs/{pod}/{container}_current.log', 'config/node/{name}.json', 'config/id'];
    expect(recordPathProblem(paths, 'config/pod/ns/logs/p-1/c_current', 'log')).toBeUndefined();
    expect(recordPathProblem(paths, 'config/node/ip-10-0-1-2.ec2.internal', 'json')).toBeUndefined();
    expect(recordPathProblem(paths, 'config/id', '')).toBeUndefined();
    // A placeholder never spans segments.
    expect(recordPathProblem(paths, 'config/node/a/b', 'json')).toMatch(/is not declared in paths/);
    expect(recordPathProblem(paths, 'config/node/a', '')).toBe('record "config/node/a": its marshaller gives no extension but the declared path "config/node/{name}.json" ends in ".json"');
    expect(recordPathProblem(paths, 'config/id', 'json')).toBe('record "config/id.json": its marshaller gives ".json" but the declared path "config/id" has none');
    expect(recordPathProblem(paths, 'config/node/a.json', 'json')).toMatch(/already ends in "\.json"/);
    expect(recordPathProblem([], 'x', 'json')).toBe('record "x.json" is not declared in paths (none declared)');
  });
});
