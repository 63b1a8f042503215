import * as vscode from 'vscode';
import { catalogHover, catalogSuggestions, isCatalogField } from './catalog-help.js';
import { requestValueContext } from './request-location.js';

/** Every `*.ltx.json`, wherever it is (with or without a `$schema` line). */
export const REQUEST_FILES: vscode.DocumentSelector = [
  { language: 'json', pattern: '**/*.ltx.json' },
  { language: 'jsonc', pattern: '**/*.ltx.json' },
];

/**
 * Value completions for the fields the capability table governs: models for the endpoint (2.5 first,
 * removed ones struck through), sizes of the chosen model, fps at that size, durations at that size
 * and fps. Property names and other values come from the JSON schema that `jsonValidation` associates.
 */
export const requestCompletions: vscode.CompletionItemProvider = {
  provideCompletionItems(document, position) {
    const offset = document.offsetAt(position);
    const context = requestValueContext(document.getText(), offset);
    if (!isCatalogField(context.provider, context.field) || context.endpoint === undefined) return [];
    const literal = context.literal;
    const range = literal
      ? new vscode.Range(
          document.positionAt(literal.offset),
          document.positionAt(literal.offset + literal.length),
        )
      : new vscode.Range(position, position);
    return catalogSuggestions(context.endpoint, context.field ?? '', context.body).map((s) => {
      const item = new vscode.CompletionItem(
        { label: s.label, description: s.detail },
        vscode.CompletionItemKind.Value,
      );
      item.insertText = JSON.stringify(s.value);
      item.filterText = JSON.stringify(s.value);
      item.range = range;
      item.sortText = s.sortText;
      item.documentation = new vscode.MarkdownString(s.documentation);
      if (s.deprecated) item.tags = [vscode.CompletionItemTag.Deprecated];
      return item;
    });
  },
};

/** Hovers on a model, size, fps or duration value: what the table says about it (and why, for a removed model). */
export const requestHovers: vscode.HoverProvider = {
  provideHover(document, position) {
    const context = requestValueContext(document.getText(), document.offsetAt(position));
    const literal = context.literal;
    if (!literal || !isCatalogField(context.provider, context.field) || context.endpoint === undefined)
      return;
    const text = catalogHover(context.endpoint, context.field ?? '', literal.value, context.body);
    if (text === undefined) return;
    const range = new vscode.Range(
      document.positionAt(literal.offset),
      document.positionAt(literal.offset + literal.length),
    );
    return new vscode.Hover(new vscode.MarkdownString(text), range);
  },
};

/** Registers completions and hovers for request files. */
export function registerRequestEditorHelp(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(REQUEST_FILES, requestCompletions, '"', ':', ' '),
    vscode.languages.registerHoverProvider(REQUEST_FILES, requestHovers),
  );
}
