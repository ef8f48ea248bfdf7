/** Types of architecture.js (plain JavaScript so that eslint.config.js can import it). */
export declare const KERNEL: readonly string[];
export declare const MODULES: readonly string[];
export declare const COMPOSITION: readonly string[];
export declare const WEB_KERNEL: readonly string[];
export declare const ROLES: Readonly<Record<string, string>>;
export declare const WEB_ROLES: readonly string[];
export declare function roleOf(file: string): string;
export interface Place {
  layer: 'kernel' | 'domain' | 'web' | 'composition' | 'other';
  module?: string;
  index?: number;
  role?: string;
}
export declare function layerOf(file: string): Place;
