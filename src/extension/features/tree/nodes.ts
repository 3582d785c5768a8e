import type { RecordSummary, ActionItemSummary } from '../../../core/index';

export type Node =
  | { type: 'group'; view: string; id: string; label: string; children: Node[]; description?: string }
  | { type: 'record'; id: string; record: RecordSummary; parent?: Node }
  /** `index`: the item's position among the review's action items (mappings, in file order). */
  | { type: 'actionItem'; id: string; item: ActionItemSummary; index: number; review: RecordSummary; overdue: boolean; parent?: Node };
