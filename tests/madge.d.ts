// The part of madge's API the architecture tests use (madge ships no types).
declare module 'madge' {
  interface MadgeResult {
    circular(): string[][];
  }
  interface MadgeOptions {
    fileExtensions?: string[];
    detectiveOptions?: Record<string, Record<string, unknown>>;
  }
  export default function madge(path: string, options?: MadgeOptions): Promise<MadgeResult>;
}
