/** What readiness asks of a process's order worker, provided under `EXECUTION_STATUS` by the execution module. */
export interface ExecutionStatus {
  isRunning(): boolean;
}

export const EXECUTION_STATUS = Symbol('EXECUTION_STATUS');
