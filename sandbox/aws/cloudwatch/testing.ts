/** Test helpers for the CloudWatch endpoint. */
import { createWorld } from '../../world/index';
import type { World } from '../../world/world';
import { createAwsServer } from '../server';
import { createSandboxCloudWatch, type SandboxCloudWatch } from './index';

export interface TestCloudWatch {
  world: World;
  cw: SandboxCloudWatch;
  /** The AWS endpoint serving it. */
  url: string;
  close(): Promise<void>;
}

/** CloudWatch over an empty cluster (`test-cluster`) on a world in manual time, behind its own AWS endpoint. */
export async function startTestCloudWatch(): Promise<TestCloudWatch> {
  const world = createWorld({ mode: 'manual', scenario: 'empty' });
  const cw = createSandboxCloudWatch(world, { clusterName: 'test-cluster', scenarioAlarms: false });
  world.start();
  const server = createAwsServer([cw.service]);
  const url = await server.listen(0, '127.0.0.1');
  return {
    world,
    cw,
    url,
    close: async () => {
      cw.stop();
      world.stop();
      await server.close();
    },
  };
}
