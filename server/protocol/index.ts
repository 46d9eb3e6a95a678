export * from './common';
export * from './errors';
export * from './initialize';
export * from './items';
export * from './methods';
export * from './notifications';
export * from './thread';
export * from './turn';
