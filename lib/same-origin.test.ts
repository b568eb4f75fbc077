import { describe, expect, it } from 'vitest';
import { isSameOriginImage, sameOriginPath } from './same-origin';

const ORIGIN = 'http://console.test:3000';

describe('sameOriginPath', () => {
  it.each([
    ['/', '/'],
    ['/c/eks-work-cluster?namespace=eks-work', '/c/eks-work-cluster?namespace=eks-work'],
    ['/c/eks-work-cluster/pods/eks-work/backend-app-0#events', '/c/eks-work-cluster/pods/eks-work/backend-app-0#events'],
    // A Logs Insights query may hold an encoded backslash or slashes in its query string.
    ['/c/eks-work-cluster/logs?q=filter%20%40message%20like%20%2F%5C%5Cd%2F', '/c/eks-work-cluster/logs?q=filter%20%40message%20like%20%2F%5C%5Cd%2F'],
    ['/c/eks-work-cluster/logs?q=a//b', '/c/eks-work-cluster/logs?q=a//b'],
    ['/c/x/../eks-work-cluster', '/c/eks-work-cluster'],
  ])('keeps the path %j as %j', (next, expected) => {
    expect(sameOriginPath(next, ORIGIN)).toBe(expected);
  });

  it.each([
    ['//evil.example', 'scheme-relative URL'],
    ['//evil.example/c', 'scheme-relative URL with a path'],
    ['/\\evil.example', 'backslash read as a slash by browsers'],
    ['\\/evil.example', 'backslash first'],
    ['\\\\evil.example', 'two backslashes'],
    ['/\t/evil.example', 'tab, which browsers strip'],
    ['/\n/evil.example', 'newline, which browsers strip'],
    ['/\r/evil.example', 'carriage return, which browsers strip'],
    ['/%09/evil.example', 'encoded tab'],
    ['/%0a/evil.example', 'encoded newline'],
    ['/%5C/evil.example', 'encoded backslash'],
    ['/%5c/evil.example', 'encoded backslash, lower case'],
    ['/%2F%2Fevil.example', 'encoded slashes'],
    ['/%2F/evil.example', 'an encoded slash after the first'],
    ['/%252F%252Fevil.example', 'doubly encoded slashes'],
    ['/..//evil.example', 'dot segment that resolves to //'],
    ['/.//evil.example', 'single-dot segment that resolves to //'],
    ['/%2e%2e//evil.example', 'encoded dot segment that resolves to //'],
    ['/%E0%A4%A', 'malformed percent-encoding'],
    ['javascript:alert(1)', 'javascript: URL'],
    ['JaVaScRiPt:alert(1)', 'javascript: URL in mixed case'],
    [' javascript:alert(1)', 'javascript: URL after a space'],
    ['data:text/html,<script>alert(1)</script>', 'data: URL'],
    ['https://evil.example', 'another origin'],
    ['https://evil.example/c/eks-work-cluster', 'another origin with a console path'],
    ['http://console.test:3000/c/eks-work-cluster', 'an absolute URL, even on the console origin'],
    ['http://console.test:3001/', 'the console host on another port'],
    ['evil.example', 'a relative path without a leading slash'],
    [' /c', 'a leading space'],
    ['', 'empty'],
  ])('refuses %j (%s) for the default page', (next) => {
    expect(sameOriginPath(next, ORIGIN)).toBe('/');
  });

  it('refuses a missing next and one longer than a URL should be', () => {
    expect(sameOriginPath(null, ORIGIN)).toBe('/');
    expect(sameOriginPath(undefined, ORIGIN)).toBe('/');
    expect(sameOriginPath(`/${'a'.repeat(4096)}`, ORIGIN)).toBe('/');
  });

  it('falls back to the page it is given', () => {
    expect(sameOriginPath('//evil.example', ORIGIN, '/c/eks-work-cluster')).toBe('/c/eks-work-cluster');
  });
});

describe('isSameOriginImage', () => {
  const PAGE = `${ORIGIN}/c/eks-work-cluster/dashboards/abc`;
  it.each([
    ['/icon.svg', true],
    ['icon.svg', true],
    ['../../icon.svg', true],
    [`${ORIGIN}/icon.svg`, true],
    ['https://evil.example/a.png', false],
    ['//evil.example/a.png', false],
    ['/\\evil.example/a.png', false],
    ['\\\\evil.example/a.png', false],
    ['http://console.test:3001/icon.svg', false],
    ['https://console.test:3000/icon.svg', false],
    ['data:image/png;base64,iVBORw0KGgo=', false],
    ['javascript:alert(1)', false],
    ['/\t/evil.example/a.png', false],
    ['', false],
  ])('%j loads from the console: %s', (src, expected) => {
    expect(isSameOriginImage(src, PAGE)).toBe(expected);
  });

  it('without a page to judge by, no image is on the console', () => {
    expect(isSameOriginImage('/icon.svg', undefined)).toBe(false);
  });
});
