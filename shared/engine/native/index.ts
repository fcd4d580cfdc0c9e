/**
 * Loader for the optional native CPU engine (`fedcxr-native`, a node-gyp addon over oneDNN).
 * The engine chain calls `registerNativeBackend`; it throws `UnavailableError` when the addon is absent.
 */
import { UnavailableError } from '../../errors.js';

/** What the native engine reports once registered. */
export interface NativeBackendInfo {
  /** tfjs backend name. */
  readonly name: 'fedcxr-native';
  /** Threads the addon uses. */
  readonly threads: number;
  /** oneDNN version string. */
  readonly version: string;
}

/** Registers the native backend with tfjs; throws UnavailableError naming why when it cannot. */
export async function registerNativeBackend(_options: { threads: number }): Promise<NativeBackendInfo> {
  throw new UnavailableError('fedcxr-native is not built in this checkout');
}
