export declare const webDir: string;
export declare const distDir: string;
export declare function explorerSourceHash(): string;
export declare function explorerBuildIsStale(): boolean;
export declare function buildExplorer(options?: { log?: (line: string) => void }): Promise<void>;
export declare function buildExplorerIfStale(options?: { log?: (line: string) => void }): Promise<boolean>;
