/** The horizontal pod autoscaler's algorithm as upstream's pkg/controller/podautoscaler runs it. Pure. */
export * from './constants';
export * from './decide';
export * from './metric';
export * from './normalize';
export * from './replica-calculator';
export * from './explain';
export * from './row';
export * from './reported-metric';
