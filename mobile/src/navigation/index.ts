export { default as AppNavigator } from './AppNavigator';
export * from './types';
