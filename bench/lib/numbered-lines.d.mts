// Types of numbered-lines.mjs for the TypeScript tests that read back the same writer's lines.
export interface WriterLines {
  id: string;
  pid: number;
  printed: number;
  logged: number;
  lost: number;
  repeated: number;
}
export interface LineCheck {
  files: string[];
  printed: number;
  logged: number;
  lost: number;
  repeated: number;
  tornLines: number;
  tornExamples: string[];
  writers: WriterLines[];
}
export function logFilesOf(logFile: string): string[];
export function checkNumberedLines(files: string[], sideDir: string): LineCheck;
