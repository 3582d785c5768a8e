import type { RecordSummary, ActionItemSummary } from '../../../core/index';

export type Node =
  | { type: 'group'; view: string; id: string; label: string; children: Node[]; description?: string }
  | { type: 'record'; id: string; record: RecordSummary; parent?: Node }
  | { type: 'actionItem'; id: string; item: ActionItemSummary; review: RecordSummary; overdue: boolean; parent?: Node };
