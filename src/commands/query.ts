import * as vscode from 'vscode';
import { digitsOnly, PnsValidationError } from '../api';
import { MIN_PARTIAL_DIGITS, parseSearchQuery, SearchQuery } from '../api/search';

/** Why typed digits are not a usable query (the input boxes' validateInput), or undefined. */
export function queryInputProblem(input: string, mode: SearchQuery['mode']): string | undefined {
  try {
    parseSearchQuery(input, mode);
    return undefined;
  } catch (e) {
    // The core's validation texts are English (it has no translator): its two problems of a
    // query (field "query") are said here in the display language, from the digits typed.
    if (e instanceof PnsValidationError && e.field === 'query') {
      const digits = digitsOnly(input);
      return digits === ''
        ? vscode.l10n.t('The search text contains no digits: phone numbers, middle numbers and bind ids are searched by their digits.')
        : vscode.l10n.t('A partial search needs at least {0} digits (got {1}): fewer would match almost every binding.', MIN_PARTIAL_DIGITS, digits.length);
    }
    return (e as Error).message;
  }
}
