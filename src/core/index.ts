/** The Hindsight core: pure TypeScript, no vscode, no Node built-ins. */
export * from './text';
export * from './frontmatter';
export * from './yaml/index';
export * from './policy';
export * from './problem';
export * from './time';
export * from './paths';
export * from './markdown';
export * from './record';
export * from './summary';
export * from './workspace';
export * from './validate';
export * from './edits';
export * from './operations';
export * from './templates';
export * from './create';
export * from './scan';
export { CATALOG } from './rules/catalog';
