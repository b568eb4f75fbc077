import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, wrapUnknown, Writer } from './protobuf';
import { decodePodList, decodeStatus, LIST_META, pick, POD, POD_ROW } from './protobuf-schemas';

/**
 * A pod as the API's JSON has it, and the same pod in protobuf as protoc 3.21.12 writes it
 * (`protoc --encode=k8s.io.api.core.v1.Pod` with k8s.io/api's core/v1 generated.proto, from the
 * text form protoc's `--decode` prints of it): field order, nested messages, the inlined
 * LocalObjectReference and ProbeHandler, maps, IntOrString and Times.
 */
const POD_JSON = {
  metadata: {
    name: 'cloudwatch-agent-7spxm',
    namespace: 'amazon-cloudwatch',
    uid: 'bbafb7da-87ed-45eb-a4b6-e96a0f5d9e0a',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { name: 'cloudwatch-agent' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cloudwatch-agent', uid: 'c3c1', controller: true }],
  },
  spec: {
    volumes: [{ name: 'cwagentconfig', configMap: { name: 'cwagentconfig', defaultMode: 420 } }],
    containers: [
      {
        name: 'cloudwatch-agent',
        image: 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1b929',
        resources: { limits: { cpu: '200m' } },
        livenessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 10 },
      },
    ],
    nodeName: 'ip-192-168-7-21.ap-northeast-2.compute.internal',
    terminationGracePeriodSeconds: 60,
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:01:00Z' }],
    containerStatuses: [
      {
        name: 'cloudwatch-agent',
        state: { running: { startedAt: '2026-01-01T00:00:30Z' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-01-01T00:00:20Z' } },
        ready: true,
        restartCount: 1,
      },
    ],
  },
};

const POD_BYTES = [
  '0aa3010a16636c6f756477617463682d6167656e742d377370786d1a11616d617a6f6e2d636c6f756477617463682a2462626166623764612d383765',
  '642d343565622d613462362d65393661306635643965306142060880f2d6ca065a180a046e616d651210636c6f756477617463682d6167656e746a2e',
  '0a094461656d6f6e5365741a10636c6f756477617463682d6167656e742204633363312a07617070732f7631300112db010a280a0d63776167656e74',
  '636f6e66696712179a01140a0f0a0d63776167656e74636f6e66696718a403127c0a10636c6f756477617463682d6167656e74123f7075626c69632e',
  '6563722e6177732f636c6f756477617463682d6167656e742f636c6f756477617463682d6167656e743a312e3330303034392e3162393239420f0a0d',
  '0a0363707512060a043230306d52160a1212100a072f6865616c74681205080010903f200a203c522f69702d3139322d3136382d372d32312e61702d',
  '6e6f727468656173742d322e636f6d707574652e696e7465726e616c1a5e0a0752756e6e696e6712150a055265616479120454727565220608bcf2d6',
  'ca06423c0a10636c6f756477617463682d6167656e74120a12080a06089ef2d6ca061a181a160889011a094f4f4d4b696c6c656432060894f2d6ca06',
  '20012801',
].join('');

describe('the Pod message', () => {
  it('is written byte for byte as protoc writes it', () => {
    expect(Buffer.from(encodeMessage(POD_JSON, POD)).toString('hex')).toBe(POD_BYTES);
  });

  it('reads back as the JSON, but for the null lastProbeTime, which protobuf leaves out', () => {
    const { lastProbeTime: _null, ...condition } = POD_JSON.status.conditions[0];
    expect(decodeMessage(Buffer.from(POD_BYTES, 'hex'), POD)).toEqual({ ...POD_JSON, status: { ...POD_JSON.status, conditions: [condition] } });
  });

  it('reads only what a pods-table row needs, skipping over the rest', () => {
    const w = new Writer();
    w.bytes(1, encodeMessage({ resourceVersion: '421', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ' }, LIST_META));
    w.bytes(2, Buffer.from(POD_BYTES, 'hex'));
    w.bytes(2, Buffer.from(POD_BYTES, 'hex'));
    const { ownerReferences: _owners, ...meta } = POD_JSON.metadata;
    const row = {
      metadata: { ...meta, ownerReferences: [{ kind: 'DaemonSet', name: 'cloudwatch-agent', controller: true }] },
      spec: { containers: [{ name: 'cloudwatch-agent' }], nodeName: 'ip-192-168-7-21.ap-northeast-2.compute.internal' },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'cloudwatch-agent', state: { running: { startedAt: '2026-01-01T00:00:30Z' } }, lastState: { terminated: { finishedAt: '2026-01-01T00:00:20Z' } }, ready: true, restartCount: 1 },
        ],
      },
    };
    expect(decodePodList(wrapUnknown('v1', 'PodList', w.finish()), POD_ROW)).toEqual({ metadata: { resourceVersion: '421', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ' }, items: [row, row] });
  });

  it('refuses another kind where a PodList was asked for', () => {
    expect(() => decodePodList(wrapUnknown('v1', 'Status', new Uint8Array()))).toThrow('expected a PodList, got Status');
    expect(() => decodeStatus(wrapUnknown('v1', 'PodList', new Uint8Array()))).toThrow('expected a Status, got PodList');
  });

  it('picks fields by path, and refuses a path the schema does not have', () => {
    expect(pick(POD, ['metadata.name', 'status.phase'])).toEqual({ 1: ['metadata', { 1: ['name', 'string'] }, undefined], 3: ['status', { 1: ['phase', 'string'] }, undefined] });
    expect(() => pick(POD, ['metadata.nmae'])).toThrow('no field "nmae" in the schema');
  });
});
