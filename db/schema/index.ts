export * from './org';
export * from './machines';
export * from './trades';
export * from './status';
export * from './refills';
export * from './inbox';
export * from './pickup';
